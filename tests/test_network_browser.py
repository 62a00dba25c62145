"""Privacy: no page ever asks another host for anything."""
from conftest import NARROW, WIDE


def test_every_request_of_every_page_stays_on_the_local_origin(open_page, base_url, all_paths):
    assert len(all_paths) >= 4
    for viewport in (WIDE, NARROW):
        for path in all_paths:
            requests = []
            page = open_page("about:blank", viewport)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("/")   # Material's shortcut: opens search, loading its worker and index
            page.keyboard.type("power")
            page.wait_for_load_state("networkidle")
            foreign = [u for u in requests if not u.startswith((base_url, "data:", "blob:"))]
            assert not foreign, f"{path} requested {foreign}"
            assert len(requests) > 3
