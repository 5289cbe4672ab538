from conftest import replace


def test_top_level_field_at_line_one(lint):
    text = replace("\ntype: article\n", "\n")
    assert lint(text) == [(1, 1, "missing-field")]


def test_nested_field_at_its_parent(lint):
    text = replace("  domain: harbour-news.example.com\n", "")
    assert lint(text) == [(13, 1, "missing-field")]


def test_web_url_not_required_for_videos(lint):
    text = replace("\ntype: article\n", "\ntype: video\n")
    text = text.replace(text.splitlines()[6] + "\n", "")
    assert lint(text) == []


def test_each_missing_field_once(lint):
    assert lint("---\ntitle: x\n---\n") == [(1, 1, "missing-field")] * 9
