"""A light Streamlit client: one simulated browser tab over Streamlit's own websocket protocol.

Hundreds of these fit on a small machine where Chromium contexts do not, so load benchmarks
drive the real server with them. The protocol, as Streamlit 1.67 and its frontend speak it:

* Connect to ``ws://HOST:PORT/_stcore/stream`` with subprotocols ``streamlit`` and an XSRF
  token (the frontend sends ``PLACEHOLDER_AUTH_TOKEN`` when it has none; the token matters only
  for auth cookies), and a third one, the previous session id, only when reconnecting.
* Every frame is binary protobuf: ``BackMsg`` up, ``ForwardMsg`` down. Nothing runs until the
  client sends ``BackMsg.rerun_script`` (a ``ClientState``). The first one carries the query
  string, empty widget states, ``page_script_hash=""`` and ``page_name`` (the URL path, ``""``
  for the default page); later ones carry the ``page_script_hash`` from ``new_session``.
* A run is ``new_session`` (``metadata.run``: run id, fragment ids), deltas (``delta_path``,
  ``fragment_id``), then ``script_finished``. ``FINISHED_EARLY_FOR_RERUN`` means another run
  follows (``st.rerun``, coalesced clicks). Elements a run did not send are gone when it ends
  (for a fragment run: only that fragment's elements).
* A widget change sends ``rerun_script`` with the states of ALL widgets shown, plus the
  ``fragment_id`` of the delta that carried the changed widget (empty outside fragments: a
  full run). Radio values are the option label as ``string_value``; buttons send
  ``trigger_value=True`` once; text inputs send ``string_value``.
* Widget ids look like ``$$ID-<hash>-<user key>`` (``-None`` without a key).
* The server sends ``ref_hash`` references only for hashes the client lists in
  ``cached_message_hashes``; this client lists none. Websocket pings are answered by
  ``websockets`` itself.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}
TEXT_FIELDS = ("body", "message", "text", "label")


class ScriptError(RuntimeError):
    """The app raised, a page was not found, or the server broke the protocol."""


class RunTimeoutError(TimeoutError):
    """No run finished in time."""


@dataclass
class Widget:
    id: str
    key: str | None
    kind: str  # the Element oneof: "radio", "button", "text_input", ...
    label: str
    options: tuple[str, ...]
    fragment_id: str  # "" outside fragments


@dataclass
class Shown:
    kind: str  # Element oneof; alerts by format instead: "success", "error", ...
    text: str
    fragment_id: str
    element: Element = field(repr=False)


class StreamlitSession:
    """One simulated tab. Methods that send wait for the resulting run(s) to finish."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.query_string = ""
        self.page_script_hash = ""
        self.runs = 0  # new_session messages received
        self.received_bytes = 0
        self._page_name = ""
        self._url = ""
        self._ws: websockets.ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._shown: dict[tuple[int, ...], Shown] = {}
        self._seen: set[tuple[int, ...]] = set()
        self._run_fragments: set[str] = set()
        self._states: dict[str, WidgetState] = {}
        self._running = False
        self._problem: str | None = None
        self._changed = asyncio.Event()

    async def connect(self, base_url: str, query_string: str = "", page: str = "") -> None:
        """Open the websocket and run the page (`page` is its URL path, "" for the default)."""
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.query_string, self._page_name = query_string.lstrip("?"), page.strip("/")
        self._url = f"{base_url.rstrip('/')}/{self._page_name}"
        self._ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream",
            subprotocols=[
                websockets.Subprotocol(p) for p in ("streamlit", "PLACEHOLDER_AUTH_TOKEN")
            ],
            max_size=None,
            ping_interval=None,
            open_timeout=self.timeout,
        )
        self._reader = asyncio.create_task(self._read(self._ws))
        await self._send_and_wait("first run")

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    # What the page shows

    @property
    def widgets(self) -> dict[str, Widget]:
        """Widgets shown, by user key (by widget id when they have none)."""
        found = (self._widget(s) for s in self._shown.values())
        return {w.key or w.id: w for w in found if w is not None}

    def shown(self) -> list[Shown]:
        """Elements shown, in page order."""
        return [self._shown[path] for path in sorted(self._shown)]

    def texts(self, *kinds: str) -> list[str]:
        """Texts shown, optionally only of these kinds ("markdown", "success", "metric")."""
        return [s.text for s in self.shown() if s.text and (not kinds or s.kind in kinds)]

    # Interactions

    async def set_radio(self, key: str, index: int) -> None:
        widget = self._find(key, "radio")
        self._states[widget.id] = WidgetState(id=widget.id, string_value=widget.options[index])
        await self._send_and_wait(f"radio {key}={index}", widget.fragment_id)

    async def set_text(self, key: str, value: str) -> None:
        widget = self._find(key, "text_input", "text_area")
        self._states[widget.id] = WidgetState(id=widget.id, string_value=value)
        await self._send_and_wait(f"text {key}", widget.fragment_id)

    async def click_button(self, key: str, clicks: int = 1) -> None:
        """Click `clicks` times without waiting in between (a double click is 2), then wait
        until the runs they caused are over."""
        widget = self._find(key, "button")
        trigger = WidgetState(id=widget.id, trigger_value=True)
        mark = self.runs
        for _ in range(clicks):
            await self._send(widget.fragment_id, trigger)
        await self._wait(mark, f"click {key} x{clicks}", settle=0.3 if clicks > 1 else 0.0)

    async def rerun(self) -> None:
        """A full rerun with the current widget states (the "R" key in a browser)."""
        await self._send_and_wait("rerun")

    # Protocol

    def _widget(self, shown: Shown) -> Widget | None:
        kind = shown.element.WhichOneof("type")
        proto = getattr(shown.element, kind) if kind else None
        widget_id = getattr(proto, "id", "")
        if not isinstance(widget_id, str) or not widget_id.startswith("$$ID-"):
            return None
        key = widget_id.split("-", maxsplit=2)[-1]
        options = tuple(
            o if isinstance(o, str) else getattr(o, "content", str(o))
            for o in getattr(proto, "options", ())
        )
        label = str(getattr(proto, "label", ""))
        return Widget(widget_id, None if key == "None" else key, kind, label, options,
                      shown.fragment_id)  # fmt: skip

    def _find(self, key: str, *kinds: str) -> Widget:
        widget = self.widgets.get(key)
        if widget is None or widget.kind not in kinds:
            shown = ", ".join(f"{k} ({w.kind})" for k, w in self.widgets.items())
            raise KeyError(f"no {'/'.join(kinds)} widget {key!r}; shown: {shown}")
        return widget

    def _client_state(self, fragment_id: str, trigger: WidgetState | None) -> ClientState:
        state = ClientState(
            query_string=self.query_string,
            page_script_hash=self.page_script_hash,
            page_name="" if self.page_script_hash else self._page_name,
            fragment_id=fragment_id,
            is_auto_rerun=False,
            context_info=ContextInfo(
                timezone="UTC", timezone_offset=0, locale="en-US", is_embedded=False,
                url=self._url + (f"?{self.query_string}" if self.query_string else ""),
                color_scheme="light",
            ),
        )  # fmt: skip
        shown = {w.id for w in self.widgets.values()}
        for widget_id, value in self._states.items():
            if widget_id in shown and (trigger is None or widget_id != trigger.id):
                state.widget_states.widgets.append(value)
        if trigger is not None:
            state.widget_states.widgets.append(trigger)
        return state

    async def _send(self, fragment_id: str = "", trigger: WidgetState | None = None) -> None:
        if self._ws is None:
            raise ConnectionError("not connected")
        message = BackMsg(rerun_script=self._client_state(fragment_id, trigger))
        await self._ws.send(message.SerializeToString())

    async def _send_and_wait(self, what: str, fragment_id: str = "") -> None:
        mark = self.runs
        await self._send(fragment_id)
        await self._wait(mark, f"{what} (fragment {fragment_id or '-'})")

    async def _wait(self, mark: int, what: str, settle: float = 0.0) -> None:
        """Until a run started after `mark` and the last run is done (and, with `settle`, no
        other run starts for that many seconds)."""
        deadline = time.monotonic() + self.timeout
        while True:
            if self._problem:
                problem, self._problem = self._problem, None
                raise ScriptError(f"{what}: {problem}")
            if self.runs > mark and not self._running:
                errors = [
                    f"{s.element.exception.type}: {s.text}"
                    for s in self._shown.values()
                    if s.kind == "exception" and not s.element.exception.is_warning
                ]
                if errors:
                    raise ScriptError(f"{what}: the app raised: {errors}")
                if settle <= 0:
                    return
                mark, settle = self.runs, 0.0
                try:
                    await asyncio.wait_for(self._started_after(mark), settle)
                except TimeoutError:
                    return
                continue
            if self._reader is None or self._reader.done():
                raise ConnectionError(f"{what}: the connection closed")
            self._changed.clear()
            left = deadline - time.monotonic()
            try:
                await asyncio.wait_for(self._changed.wait(), max(left, 0))
            except TimeoutError:
                state = "running" if self._running else "no run started"
                raise RunTimeoutError(
                    f"{what}: not finished after {self.timeout}s ({state})"
                ) from None

    async def _started_after(self, mark: int) -> None:
        while self.runs == mark:
            self._changed.clear()
            await self._changed.wait()

    async def _read(self, ws: websockets.ClientConnection) -> None:
        try:
            async for data in ws:
                if isinstance(data, str):
                    raise ScriptError("text frame from server")
                self.received_bytes += len(data)
                message = ForwardMsg()
                message.ParseFromString(data)
                self._handle(message)
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self._changed.set()

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
            self._running = True
            self._seen = set()
            self._run_fragments = set(message.metadata.run.fragment_ids)
            self.page_script_hash = message.new_session.page_script_hash
        elif kind == "delta":
            self._delta(message)
        elif kind == "script_finished" and message.script_finished in DONE:
            self._running = False
            self._prune()
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "page_not_found":
            self._problem = f"page not found: {message.page_not_found.page_name!r}"
        elif kind == "session_event" and message.session_event.HasField(
            "script_compilation_exception"
        ):
            self._problem = f"compile error: {message.session_event}"
        elif kind == "ref_hash":
            self._problem = f"cached message reference {message.ref_hash} (no cache here)"

    def _delta(self, message: ForwardMsg) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        self._seen.add(path)
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type") or ""
            proto = getattr(element, kind, None)
            if kind == "alert":
                kind = Alert.Format.Name(element.alert.format).lower()
            text = next((str(getattr(proto, f)) for f in TEXT_FIELDS if hasattr(proto, f)), "")
            self._shown[path] = Shown(kind, text, delta.fragment_id, element)
            self._adopt_value(element)
        elif delta.WhichOneof("type") == "add_block":
            self._shown[path] = Shown("block", "", delta.fragment_id, Element())

    def _adopt_value(self, element: Element) -> None:
        """A value the app set through session state shows in the widget, and the browser
        sends it back from then on."""
        kind = element.WhichOneof("type")
        if kind == "radio" and element.radio.set_value:
            self._states[element.radio.id] = WidgetState(
                id=element.radio.id, string_value=element.radio.raw_value
            )
        elif kind == "text_input" and element.text_input.set_value:
            proto = element.text_input
            self._states[proto.id] = WidgetState(id=proto.id, string_value=proto.value)

    def _prune(self) -> None:
        """Drop what the finished run did not send (within its fragments, for a fragment run)."""
        for path, shown in list(self._shown.items()):
            ours = not self._run_fragments or shown.fragment_id in self._run_fragments
            if ours and path not in self._seen:
                del self._shown[path]
