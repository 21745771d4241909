"""Sending a batch of outbox rows over several SMTP connections, each kept open.

`send_lanes` splits a batch into lanes, one SMTP connection each, and runs them in threads:
SMTP is mostly waiting for the server, so connections overlap their waits. The threads only
talk SMTP; every database write (marking a row sent, recording a failure) happens in the
calling thread, as soon as a lane reports, so a worker that dies mid-batch has sent nothing
that is not marked but what a lane reported in the last instant (as with one connection).

When the server advertises PIPELINING (RFC 2920), MAIL FROM, RCPT TO and DATA go in one
write and their replies are read together: two round trips per message instead of four.
"""

from __future__ import annotations

import contextlib
import queue
import smtplib
import threading
from collections.abc import Callable

CRLF = b"\r\n"


def sendmail(connection: smtplib.SMTP, sender: str, recipient: str, message: bytes) -> None:
    """`connection.sendmail(sender, [recipient], message)`, pipelined where the server
    allows it. Raises the same smtplib exceptions as sendmail."""
    connection.ehlo_or_helo_if_needed()
    if not connection.has_extn("pipelining"):
        connection.sendmail(sender, [recipient], message)
        return
    connection.send(f"MAIL FROM:<{sender}>\r\nRCPT TO:<{recipient}>\r\nDATA\r\n".encode())
    mail, rcpt, data = connection.getreply(), connection.getreply(), connection.getreply()
    if data[0] == 354 and (mail[0] != 250 or rcpt[0] not in (250, 251)):
        # The server took DATA although nobody is to receive it: end it empty.
        connection.send(b"." + CRLF)
        connection.getreply()
    if mail[0] != 250:
        _reset(connection)
        raise smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
    if rcpt[0] not in (250, 251):
        _reset(connection)
        raise smtplib.SMTPRecipientsRefused({recipient: rcpt})
    if data[0] != 354:
        _reset(connection)
        raise smtplib.SMTPDataError(*data)
    body = smtplib._quote_periods(message)
    if body[-2:] != CRLF:
        body += CRLF
    connection.send(body + b"." + CRLF)
    code, reply = connection.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def _reset(connection: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        connection.rset()


def send_lanes(
    lanes: list[list],
    send_lane: Callable[[list, Callable], None],
    handle: Callable[[list[tuple]], None],
) -> None:
    """Run `send_lane(lane, report)` for each lane, in threads when there are several.

    A lane calls `report(item)` for each outcome; `handle(items)` gets them in this thread,
    as many at a time as have arrived (so marks can be written together), until every lane
    is done.
    """
    if len(lanes) == 1:
        send_lane(lanes[0], lambda item: handle([item]))
        return
    reports: queue.SimpleQueue = queue.SimpleQueue()
    done = object()

    def run(lane):
        try:
            send_lane(lane, reports.put)
        finally:
            reports.put(done)

    threads = [threading.Thread(target=run, args=(lane,), daemon=True) for lane in lanes]
    for thread in threads:
        thread.start()
    running = len(threads)
    while running:
        items = [reports.get()]
        with contextlib.suppress(queue.Empty):
            while True:
                items.append(reports.get_nowait())
        running -= sum(1 for item in items if item is done)
        items = [item for item in items if item is not done]
        if items:
            handle(items)
    for thread in threads:
        thread.join()
