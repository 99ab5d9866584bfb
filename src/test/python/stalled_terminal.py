#!/usr/bin/env python3
"""A terminal for one command, on a pseudo-terminal whose master this script holds (SignalEndToEndTest).

    stalled_terminal.py SCENARIO DEADLINE_SECONDS COMMAND...

It plays the terminal emulator until the full-screen UI has drawn its first screen (answering the
cursor-position queries Lanterna uses to learn the size), then, by SCENARIO:

  term-read      keeps reading, sends SIGTERM
  ctrl-c         keeps reading, types Ctrl-C
  term-stalled   stops reading and makes the UI redraw until its output is stuck, sends SIGTERM
  hup-stalled    the same, with SIGHUP (kill -HUP: the terminal still there, nobody reading it)
  hangup         the same, then closes the master: the terminal goes away, as when tmux's pane or the
                 ssh connection closes (the kernel hangs the pty up: SIGHUP, and EIO on the next write)

and waits at most DEADLINE_SECONDS for the command to exit (then kills it). It prints key=value lines:
drawn, stalled (bytes waiting unread on the master, and whether the output stopped growing), exited
(the exit code, or "hung"), seconds, and for term-read and ctrl-c whether the UI restored the terminal
(restored_screen: alternate screen left, bracketed paste off; restored_tty: the tty settings as before).
"""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

ROWS, COLS = 50, 160
CPR_QUERY = b'\x1b[6n'


def say(key, value):
    print(f'{key}={value}', flush=True)


def main():
    scenario, deadline, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', ROWS, COLS, 0, 0))
    tty_before = termios.tcgetattr(fd)
    seen = bytearray()

    def read_some(timeout):
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return b''
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed its side
            return None
        seen.extend(chunk)
        for _ in range(chunk.count(CPR_QUERY)):  # as a terminal answers: where the cursor is (bottom right)
            os.write(fd, b'\x1b[%d;%dR' % (ROWS, COLS))
        return chunk

    end = time.monotonic() + 60
    while time.monotonic() < end and b'F1 help' not in seen:
        if read_some(0.5) is None:
            break
    drawn = b'F1 help' in seen
    say('drawn', str(drawn).lower())
    if not drawn:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        say('output', bytes(seen[-2000:]))
        return

    reading = scenario in ('term-read', 'ctrl-c')
    if not reading:
        stall(fd)
    drawn_at = len(seen)
    t0 = time.monotonic()
    if scenario in ('term-read', 'term-stalled'):
        os.kill(pid, signal.SIGTERM)
    elif scenario == 'ctrl-c':
        os.write(fd, b'\x03')
    elif scenario == 'hup-stalled':
        os.kill(pid, signal.SIGHUP)
    elif scenario == 'hangup':
        os.close(fd)
        fd = None
    else:
        raise SystemExit('unknown scenario ' + scenario)

    status = None
    while time.monotonic() - t0 < deadline:
        if reading:
            read_some(0.05)
        else:
            time.sleep(0.05)
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            break
    seconds = time.monotonic() - t0
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        say('exited', 'hung')
    else:
        say('exited', os.waitstatus_to_exitcode(status))
    say('seconds', f'{seconds:.2f}')
    if reading and status is not None:
        while read_some(0.2):
            pass  # whatever was still on its way
        tail = bytes(seen[drawn_at:])
        say('restored_screen', str(tail.rfind(b'\x1b[?1049l') >= 0 and tail.rfind(b'\x1b[?2004l') >= 0).lower())
        say('restored_tty', str(termios.tcgetattr(fd) == tty_before).lower())


def stall(fd):
    """Stops reading; Ctrl-L (redraw everything) until the bytes waiting on the master stop growing."""
    def waiting():
        return struct.unpack('i', fcntl.ioctl(fd, termios.FIONREAD, b'\0' * 4))[0]

    last, steady_since = -1, None
    end = time.monotonic() + 30
    while time.monotonic() < end:
        os.write(fd, b'\x0c')
        time.sleep(0.05)
        now = waiting()
        if now == last and now > 0:
            steady_since = steady_since or time.monotonic()
            if time.monotonic() - steady_since > 1.0:  # 20 redraws asked for, not a byte more arrived
                say('stalled', f'{now} bytes unread; output stuck')
                return
        else:
            steady_since = None
        last = now
    say('stalled', f'{waiting()} bytes unread; output never stuck')


if __name__ == '__main__':
    main()
