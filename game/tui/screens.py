"""The game's screens: a new game, the month, a post, the report, the end, the glossary and the reader.

They render the state the app hands them (``show``) and post messages up; none calls the engine. They import
the engine's types and the renderers, so the app loads this module when a game opens, not before the title
(the title is in ``game.tui.title``; help and the dialogs are in ``game.tui.dialogs``). Every screen is
keyboard-first (its bindings are in the footer, and all of them in the help screen) and works with the mouse:
lists are OptionLists, choices are options or buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from game.engine import GameState, Scenario
from game.engine.expr import COUNTRY_VARS
from game.engine.report import MonthReport, trend_ends
from game.text import REPLACES_WAITING, WILL_LEARN, change, mark, num, rival_approach, value_name
from game.tui import render
from game.tui.dialogs import TextScreen, set_blink
from game.tui.messages import EndMonth, InitiativeToggled, ReportRead, ResponseChosen, StartGame
from game.tui.title import TitleScreen as TitleScreen  # re-exported: game.tui.served subclasses it
from game.tui.widgets import KeyFooter, MarkedOptionList, show_text


class GameView(Screen[None]):
    """A screen that renders the game state; the app calls ``show`` whenever the state changes."""

    def __init__(self, state: GameState, previous: GameState | None = None) -> None:
        super().__init__()
        self.state = state
        #: The state of the previous month's opening (the session's), which the change marks are measured from.
        self.previous = previous
        self.ready = False  # set once composed: ``show`` before that only stores the state

    def show(self, state: GameState) -> None:
        self.state = state


# --- a new game -------------------------------------------------------------------------------------------

class NewGameScreen(Screen[None]):
    """Name, seed (shown and editable, so a class can share one), difficulty; the introduction beside them.
    With ``fixed`` (a game served to a class) the seed and difficulty are the teacher's: shown, not editable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+n", "start", "Start", priority=True),
    ]

    def __init__(self, scenario: Scenario, player: str, seed: int, difficulty: str, *, fixed: bool = False) -> None:
        super().__init__()
        # Under 70 columns the introduction goes below the form (the stylesheet's -narrow): beside it, it was a
        # column a few characters wide, one at 40.
        self.HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
        self.scenario = scenario
        self.player = player
        self.seed = seed
        self.difficulty = difficulty
        self.fixed = fixed

    def compose(self) -> ComposeResult:
        sc = self.scenario
        with Horizontal(id="newgame"):
            with Vertical(id="newgame-form"):
                yield Label("Your name")
                yield Input(self.player, placeholder="for the record", id="player")
                yield Label("Seed (set by teacher)" if self.fixed else "Seed (share it with the class)")
                yield Input(str(self.seed), type="integer", id="seed", disabled=self.fixed)
                if sc.difficulties:
                    yield Label("Difficulty (set by teacher)" if self.fixed else "Difficulty")
                    # the one asked for (--difficulty), unless an edit (--watch) removed it: then the first
                    ids = [d.id for d in sc.difficulties]
                    default = self.difficulty if self.difficulty in ids else ids[0]
                    yield Select([(d.name, d.id) for d in sc.difficulties], value=default, allow_blank=False,
                                 id="difficulty", disabled=self.fixed)
                yield Button("Start (Enter)", id="start", variant="primary")
            with VerticalScroll(id="newgame-intro"):
                waiting = None if self.fixed else self._waiting()
                note = Static(id="waiting")
                note.display = waiting is not None
                if waiting is not None:
                    note.update(Text.assemble(("A saved game is waiting: ", "bold"), f"{waiting}. {REPLACES_WAITING}; "
                                              "to go on with that one, press Esc and choose Continue."))
                yield note
                parts: list[RenderableType] = [Text(sc.title, style="bold"), render.prose(sc.introduction)]
                if sc.objectives:
                    parts.append(Text(f"\n{WILL_LEARN}", style="bold"))
                    parts += [render.item("- ", o, 2) for o in sc.objectives]
                if sc.score_text:
                    parts += [Text(""), render.prose(sc.score_text)]
                if sc.difficulties:
                    parts.append(Text("\nDifficulties", style="bold"))
                    parts += [render.item(f"{d.name}: ", d.text, 2) for d in sc.difficulties]
                yield Static(Group(*parts), id="intro")
        yield KeyFooter()

    def _waiting(self) -> str | None:
        """The saved game this one would replace once a card is answered, as the title's Continue names it."""
        from game.tui.app import AmbassadorApp

        return self.app.saved_game_summary() if isinstance(self.app, AmbassadorApp) else None

    def on_mount(self) -> None:
        set_blink(self)
        self.query_one("#player", Input).focus()  # type a name at once; Enter starts

    def show_scenario(self, scenario: Scenario) -> None:
        """Show an edited scenario (--watch), keeping the name and seed typed so far."""
        import contextlib

        from game.engine.rng import parse_seed

        fields = {w.id: w.value for w in self.query(Input)}
        self.player = fields.get("player", self.player)
        with contextlib.suppress(ValueError):
            self.seed = parse_seed(fields.get("seed", str(self.seed)))
        self.scenario = scenario
        self.refresh(recompose=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        from game.engine.rng import parse_seed

        try:
            seed = parse_seed(self.query_one("#seed", Input).value)
        except ValueError as exc:
            self.notify(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", severity="error")
            return
        difficulty = ""
        if self.scenario.difficulties:
            value = self.query_one("#difficulty", Select).value
            difficulty = value if isinstance(value, str) else ""
        self.post_message(StartGame(self.query_one("#player", Input).value.strip(), seed, difficulty))


# --- the month ---------------------------------------------------------------------------------------------

class MonthScreen(GameView):
    """Every post at a glance, grouped as the directive groups them; Enter opens a post's cards."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "end_month", "End month"),
        Binding("n", "next_open", "Next open post"),
        Binding("l", "app.last_report", "Last report"),
        Binding("h", "hint", "Hint", show=False),  # the hint whole, when the screen is too small for it
    ]

    def __init__(self, state: GameState, previous: GameState | None = None) -> None:
        super().__init__(state, previous)
        self.hint = Text()  # the month's opening events and hints, whole

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="hint")
        yield Static(id="colhead")
        yield MarkedOptionList(id="overview")
        yield Static(render.overview_legend(), id="legend")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.ready = True
        self.show(self.state)
        self.query_one(OptionList).focus()

    def on_resize(self, event: Resize) -> None:
        self.show(self.state)

    def _row_width(self) -> int:
        width = self.query_one(OptionList).scrollable_content_region.width
        return max(width - 1, 60) if width else 77

    def show(self, state: GameState) -> None:
        super().show(state)
        if not self.ready:
            return
        sc = state.scenario
        status = self.query_one("#status", Static)
        show_text(status, render.status_line(state, status.size.width or self.size.width - 2, self.previous))
        hints = [text for turn, text in sc.hints if turn == state.turn]
        opening = render.opening_text(state)
        hint = self.query_one("#hint", Static)
        parts = Text()
        if opening.plain:
            parts.append_text(opening)
        if hints:
            parts.append("\n" if opening.plain else "")
            parts.append_text(Text.assemble(("Hint: ", "bold"), " ".join(hints)))
        self.hint = parts
        # At most a third of the screen, so the posts keep most of a small one (at 60x20 the tutorial's first
        # hints took 11 of 20 lines); h shows the whole of a hint cut to fit.
        screen = self.app.size
        show_text(hint, render.clipped(parts, self.app.console, hint.size.width or screen.width - 2,
                                       max(3, screen.height // 3)))
        hint.display = bool(parts.plain)
        width = self._row_width()
        show_text(self.query_one("#colhead", Static), render.overview_header(self.state.scenario, width))
        overview = self.query_one(MarkedOptionList)
        keep = overview.highlighted
        options: list[Option] = []
        for group in sc.groups:
            members = [ci for ci, c in enumerate(sc.countries) if c.group == group.id]
            if not members:
                continue
            options.append(Option(Text.assemble((f"{group.name}", "bold underline"),
                                                f"  [{group.source}]" if group.source else ""), disabled=True))
            for ci in members:
                options.append(Option(render.country_row(state, self.previous, ci, width),
                                      id=f"c:{sc.countries[ci].id}"))
        if sc.initiatives:
            options.append(Option(Text("Initiatives (Enter to plan or cancel)", style="bold underline"),
                                  disabled=True))
            for ini in sc.initiatives:
                options.append(Option(render.initiative_prompt(state, ini.id), id=f"i:{ini.id}"))
        overview.show_options(options)
        if keep is not None and keep < overview.option_count:
            overview.highlighted = keep
        else:
            first = next((c.id for c in sc.countries if c.acts), None)
            if first is not None:
                overview.highlighted = overview.get_option_index(f"c:{first}")

    @on(OptionList.OptionSelected, "#overview")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id or ""
        if ident.startswith("c:"):
            self.app.push_screen(PostScreen(self.state, ident[2:], self.previous))
        elif ident.startswith("i:"):
            self.post_message(InitiativeToggled(ident[2:]))

    def action_end_month(self) -> None:
        self.post_message(EndMonth())

    def action_hint(self) -> None:
        if self.hint.plain:
            self.app.push_screen(HintScreen(self.hint))
        else:
            self.notify("No hint this month.")

    def action_next_open(self) -> None:
        target = _next_open_post(self.state, None)
        if target is None:
            self.notify("Every card is answered. Press e to end the month.")
            return
        self.app.push_screen(PostScreen(self.state, target, self.previous))


def _next_open_post(state: GameState, after: str | None) -> str | None:
    """The next post (after ``after``, wrapping) with an unanswered card, or None."""
    ids = [c.id for c in state.scenario.countries]
    open_posts = {state.scenario.countries[c.country].id for c in state.unanswered()}
    start = ids.index(after) + 1 if after in ids else 0
    for k in range(len(ids)):
        cid = ids[(start + k) % len(ids)]
        if cid in open_posts and cid != after:
            return cid
    return None


class PostScreen(GameView):
    """One post: the country, the rival's cards this month, and the responses to each with costs and effects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("n", "next_open", "Next open post"),
        Binding("e", "end_month", "End month"),
        *[Binding(str(k), f"choose({k})", f"Choose {k}", show=False) for k in range(1, 10)],
        Binding("tab", "card(1)", "Next card", show=False),
        Binding("shift+tab", "card(-1)", "Previous card", show=False),
    ]

    def __init__(self, state: GameState, country: str, previous: GameState | None = None) -> None:
        super().__init__(state, previous)
        self.country = country
        self.current = 0  # the card being answered (its index here); set at once, focus follows later

    def compose(self) -> ComposeResult:
        state = self.state
        yield Static(id="post-bar")  # stays at the top: the post, the card being answered, what is left
        # Where cards are answered, Tab goes from card to card only: the frame itself in the cycle took the focus
        # after the last card, and a number then answered card 1 out of sight. A watched post scrolls by keys.
        acts = self.state.scenario.country(self.country).acts
        with VerticalScroll(id="post", can_focus=not acts or not self.state.cards_at(self.country)):
            yield Static(id="post-head")
            cards = state.cards_at(self.country)
            if not cards:
                words = state.scenario.words
                yield Static(f"No {words.rival_adjective} {words.moves} here this month.", classes="card")
            for k, _drawn in enumerate(cards):
                yield Static(classes="card", id=f"card-{k}")
                if state.scenario.country(self.country).acts:
                    yield MarkedOptionList(id=f"resp-{k}", classes="responses")
                    yield Static(id=f"detail-{k}", classes="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.ready = True
        self.show(self.state)
        lists = list(self.query(OptionList))
        first_open = next((k for k, c in enumerate(self.state.cards_at(self.country))
                           if self.state.choice(c.uid) is None), 0)
        if lists:
            self.current = min(first_open, len(lists) - 1)
            lists[self.current].focus()

    def show(self, state: GameState) -> None:
        super().show(state)
        if not self.ready or state.over:
            return
        sc = state.scenario
        ci = sc.country_index(self.country)
        c = sc.country_at(ci, state.turn)  # its leader as of this month (the scenario's dated changes)
        group = sc.group(c.group)
        self._show_bar()
        head = Text()
        head.append(c.name, style="bold")
        if not c.acts:
            head.append("   WATCHED: a copy post, you cannot act here")
        if c.leader:
            head.append(f"\n{c.leader}")
        head.append(f"\n{rival_approach(sc)}: ", style="bold")
        head.append(f"{group.name}. {group.summary}" + (f" [{group.source}]\n" if group.source else "\n"))
        names = [value_name(sc, var) for var in COUNTRY_VARS]
        name_w = max(11, *(len(n) + 1 for n in names))
        for vi, var in enumerate(COUNTRY_VARS):
            value = state.values[ci][vi]
            head.append(f"{names[vi]:<{name_w}}{render.bar(value, 10)} {num(value):>4} "
                        f"{mark(change(*trend_ends(state, self.previous, self.country, var))):<6}"
                        + ("   " if vi % 2 == 0 else "\n" if vi < len(COUNTRY_VARS) - 1 else ""))
        show_text(self.query_one("#post-head", Static), head)
        cards = state.cards_at(self.country)
        for k, drawn in enumerate(cards):
            show_text(self.query_one(f"#card-{k}", Static), render.card_header(state, drawn.uid, k + 1, len(cards)))
            if not c.acts:
                continue
            card = sc.card(drawn.card)
            lst = self.query_one(f"#resp-{k}", MarkedOptionList)
            keep = lst.highlighted
            lst.show_options([
                Option(render.response_prompt(state, drawn.uid, resp, n, card), id=resp.id,
                       disabled=not state.can_afford(drawn.uid, resp))
                for n, resp in enumerate(state.allowed_responses(drawn.uid), 1)])
            chosen = state.choice(drawn.uid)
            ids = [r.id for r in state.allowed_responses(drawn.uid)]
            lst.highlighted = ids.index(chosen) if chosen in ids else keep if keep is not None else 0

    def on_resize(self, event: Resize) -> None:
        if self.ready:
            self._show_bar()  # packed to the width: a resized terminal kept the old packing

    def _show_bar(self) -> None:
        state = self.state
        cards = state.cards_at(self.country)
        k = self.current
        title = state.scenario.card(cards[k].card).title if k < len(cards) else ""
        bar = self.query_one("#post-bar", Static)
        show_text(bar, render.post_bar(state, self.country, k + 1 if title else 0, bar.size.width or self.size.width))

    def on_descendant_focus(self) -> None:
        if self.ready:
            self.current = self._focused_card()
            self._show_bar()

    def _focused_card(self) -> int:
        focused = self.focused
        if isinstance(focused, OptionList) and (focused.id or "").startswith("resp-"):
            return int((focused.id or "resp-0")[5:])
        return 0

    @on(OptionList.OptionHighlighted, ".responses")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        k = int((event.option_list.id or "resp-0")[5:])
        rid = event.option.id
        if rid:
            self.query_one(f"#detail-{k}", Static).update(
                render.response_detail(self.state, self.state.scenario.response(rid)))
        if k == self.current:  # after the detail's new height is laid out
            self.call_after_refresh(self.call_after_refresh, self._keep_in_view, k)
        else:  # a card just answered shows its choice: its detail's new height moves the current card
            self.call_after_refresh(self._card_to_top, self.current)

    def _keep_in_view(self, k: int) -> None:
        """Scroll the post so that the highlighted response of card ``k`` is on screen, and its detail below
        it when there is room: the response lists are as tall as their options, so their own scrolling
        (PageDown, End, Down) never moves the screen."""
        if not self.is_current:  # left (Escape, n) before the screen settled
            return
        lst = self.query_one(f"#resp-{k}", MarkedOptionList)
        spot = lst.highlighted_lines()
        if spot is None or k != self.current:  # the player has moved on to another card meanwhile
            return
        top, height = spot
        detail = self.query_one(f"#detail-{k}", Static).virtual_region_with_margin
        where = lst.virtual_region
        y = where.y + top - lst.scroll_offset.y  # a list taller than the screen scrolls itself too
        bottom = max(y + height, detail.bottom)
        self._scroll_post_to(Region(0, y, where.width, bottom - y), top=False)

    @on(OptionList.OptionSelected, ".responses")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        k = int((event.option_list.id or "resp-0")[5:])
        self._choose(k, event.option.id or "")

    def action_card(self, step: int) -> None:
        """Tab, shift+Tab: the next (previous) card of this post, wrapping, its title at the top as after an
        answer (the focus chain alone left the card off screen)."""
        lists = list(self.query(OptionList))
        if not lists:  # a watched post: the frame, as Tab always did
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        k = (self._focused_card() + step) % len(lists)
        self.current = k
        lists[k].focus(scroll_visible=False)
        self.call_after_refresh(self._card_to_top, k)

    def action_choose(self, number: int) -> None:
        if not self.state.scenario.country(self.country).acts:
            return
        k = self._focused_card()
        cards = self.state.cards_at(self.country)
        if k >= len(cards):
            return
        responses = self.state.allowed_responses(cards[k].uid)
        if number > len(responses):
            return
        self._choose(k, responses[number - 1].id)

    def _choose(self, k: int, response: str) -> None:
        cards = self.state.cards_at(self.country)
        lists = list(self.query(OptionList))
        if k + 1 < len(lists):
            self.current = k + 1
        self.post_message(ResponseChosen(cards[k].uid, response))
        self.call_after_refresh(self._advance, k, lists)

    def _advance(self, k: int, lists: list[OptionList]) -> None:
        """After a choice, move to the next card of this post, if any, with its title at the top."""
        if k + 1 < len(lists):
            lists[k + 1].focus(scroll_visible=False)
            self.call_after_refresh(self._card_to_top, k + 1)

    def _card_to_top(self, k: int) -> None:
        if not self.is_current:
            return
        card = self.query_one(f"#card-{k}", Static).virtual_region_with_margin
        self._scroll_post_to(card, top=True)

    def _scroll_post_to(self, region: Region, *, top: bool) -> None:
        """Scroll the post to ``region`` at once. A scroll still animating (a focus change scrolls smoothly) is
        stopped first: left running, it went on moving the post after this, and the scrollbar's thumb ended a
        row away from the text it scrolls (scroll_y 13.05 where the text stood at row 14)."""
        post = self.query_one("#post", VerticalScroll)
        for attribute in ("scroll_x", "scroll_y"):
            self.app.animator.force_stop_animation(post, attribute)
        post.scroll_to_region(region, top=top, animate=False, immediate=True, origin_visible=True)

    def action_back(self) -> None:
        self.dismiss()

    def action_next_open(self) -> None:
        target = _next_open_post(self.state, self.country)
        if target is None:
            here = [k for k, d in enumerate(self.state.cards_at(self.country), 1) if self.state.choice(d.uid) is None]
            self.notify(f"No other post has an open card; card {here[0]} here is still open." if here else
                        "Every card is answered. Press e to end the month.")
            return
        self.app.switch_screen(PostScreen(self.state, target, self.previous))

    def action_end_month(self) -> None:
        self.post_message(EndMonth())


# --- the report and the end ------------------------------------------------------------------------------

class ReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Continue"),
        Binding("escape", "done", "Continue", show=False),
        *[Binding(str(k), f"show_chart('{var}')", f"Chart {k}", show=False)
          for k, var in enumerate(COUNTRY_VARS, 1)],
    ]

    def __init__(self, state: GameState, report: MonthReport, *, review: bool = False) -> None:
        super().__init__()
        self.state = state
        self.report = report
        self.review = review
        self.var = "alignment"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report"):
            yield Static(render.report_text(self.state, self.report), id="report-text")
            yield Static(id="chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.review:  # the month's toasts would cover the report's right side (a new report: _resolve_month)
            self.app.clear_notifications()
        self.action_chart(self.var)
        self.query_one(VerticalScroll).focus()

    def on_resize(self, event: Resize) -> None:
        self.action_chart(self.var)

    def action_chart(self, var: str) -> None:
        self.var = var
        chart = self.query_one("#chart", Static)
        chart.update(render.chart_text(self.state, var, chart.size.width or self.size.width - 2))

    def action_show_chart(self, var: str) -> None:
        """1 to 4: that chart, brought on screen (at the report's foot, it changed out of sight)."""
        self.action_chart(var)
        chart = self.query_one("#chart", Static)
        self.call_after_refresh(chart.scroll_visible, top=True, animate=False)

    def action_done(self) -> None:
        if self.review:
            self.dismiss()
        else:
            self.post_message(ReportRead())


class EndScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "app.last_report", "Last report"),
        Binding("t", "app.to_title", "Title screen"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, state: GameState, record_path: str, reflections: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__()
        self.state = state
        self.record_path = record_path
        self.reflections = tuple(reflections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief"):
            yield Static(Text("The end: debrief", style="bold"), classes="screen-title")
            yield Static(render.debrief_text(self.state, self.record_path, self.reflections), id="debrief-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


# --- reference: glossary, reader, help ---------------------------------------------------------------------

class GlossaryScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Glossary: type to search, Esc to close", style="bold"))
            yield Input(placeholder="search terms and meanings", id="glossary-search")
            with VerticalScroll():
                yield Static(self._entries(""), id="glossary-text")
        yield KeyFooter()

    def _entries(self, query: str) -> Text:
        q = query.strip().lower()
        out = Text()
        found = 0
        for entry in self.scenario.glossary:
            if q and q not in entry.title.lower() and q not in entry.text.lower():
                continue
            found += 1
            out.append(f"{entry.title}", style="bold")
            out.append(f"  {entry.text}")
            if entry.sources:
                out.append(f" (source: {', '.join(entry.sources)})", style="italic")
            out.append("\n")
        if not found:
            out.append(f"No term matches '{query}'.")
        return out

    def on_mount(self) -> None:
        set_blink(self)

    @on(Input.Changed, "#glossary-search")
    def _search(self, event: Input.Changed) -> None:
        self.query_one("#glossary-text", Static).update(self._entries(event.value))


class HintScreen(TextScreen):
    """The month's opening events and hints, whole (the month screen cuts them to fit a small screen)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,h", "dismiss", "Close")]

    def __init__(self, text: Text) -> None:
        super().__init__(text, "hint-text")


class ReaderScreen(TextScreen):
    def __init__(self, scenario: Scenario) -> None:
        super().__init__(reader_text(scenario), "reader-text")


def reader_text(sc: Scenario) -> Text:
    """The reader: the scenario's documents in the game's own words, then its sources."""
    out = Text()
    out.append(f"The {sc.words.reference}, in the game's own words\n", style="bold")
    for entry in sc.reader:
        out.append(f"\n{entry.title}", style="bold")
        out.append(f"  [{entry.key}]\n")
        out.append(f"{entry.text}\n")
    if sc.sources:
        out.append("\nSources\n", style="bold underline")
        for src in sc.sources:
            out.append(f"{src.key}", style="bold")
            out.append(f"  {src.text}\n")
    return out
