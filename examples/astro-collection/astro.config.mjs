import { defineConfig } from 'astro/config';
export default defineConfig({ site: 'https://garden.example.com' });
