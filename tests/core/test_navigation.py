"""History and routes: Back goes one screen back; reset forgets everything."""

from kiosk.core.navigation import HOME, History, Route, RouteKind


def test_back_goes_one_screen_back() -> None:
    """Back returns to the previous screen, and stops at home."""
    history = History()
    history.push(Route("section", "forms"))
    history.push(Route("page", "forms/blepharospasm"))
    assert history.back() and history.current == Route("section", "forms")
    assert history.back() and history.current == HOME
    assert not history.back() and history.current == HOME


def test_same_screen_twice_is_one_entry() -> None:
    """Opening the screen already shown adds nothing to the history."""
    history = History()
    assert history.push(Route("section", "forms"))
    assert not history.push(Route("section", "forms"))
    assert len(history) == 2


def test_reset_empties_history() -> None:
    """After a reset the next visitor cannot go back into the last visitor's pages."""
    history = History()
    history.push(Route("page", "forms/blepharospasm"))
    history.reset()
    assert history.current == HOME and not history.can_go_back


def test_history_is_bounded() -> None:
    """Weeks of browsing never grow the history without limit."""
    history = History(limit=10)
    for i in range(100):
        history.push(Route("page", f"s/p{i}"))
    assert len(history) <= 10 and history.current == Route("page", "s/p99")
    assert history._stack[0] == HOME


def test_route_urls_round_trip() -> None:
    """kiosk: URLs parse to routes and back; unknown kinds are refused."""
    route = Route("page", "forms/blepharospasm", "key-points")
    assert Route.parse(route.url()) == route
    assert Route.parse("kiosk:shell/rm") is None


def test_route_kinds_are_a_type_that_still_reads_as_text() -> None:
    """A parsed route's kind is a RouteKind; it equals (and hashes as) its plain name, so a
    route written with the name is the same route."""
    route = Route.parse("kiosk:page/forms/blepharospasm#key-points")
    assert route is not None and route.kind is RouteKind.PAGE
    assert route == Route("page", "forms/blepharospasm", "key-points")
    assert {route: 1}[Route("page", "forms/blepharospasm", "key-points")] == 1
    assert route.url() == "kiosk:page/forms/blepharospasm#key-points"
    assert Route.parse("kiosk:nowhere/x") is None
    assert HOME.kind is RouteKind.HOME
