/**
 * The headless interface: {@code parley --headless} reads slash commands, one per line, and writes
 * events, one JSON object per line (UTF-8, no pretty printing), flushed whenever no further event waits.
 * Logs never go to the event stream. This is the interface's contract (README's "Headless interface" is its
 * user's guide, with the transfer and room events): fields and events may be added, never renamed or removed.
 *
 * <h2>Commands</h2>
 * <pre>
 * /msg PEER TEXT          send TEXT (answered by a status event with the message id)
 * /connect HOST[:PORT]    dial an address now (default port 7447; IPv6 as [addr]:port)
 * /peers                  one peer event per peer, then {"event":"peers","count":N}
 * /nick NAME              change our nickname (answered by a nick event)
 * /verify PEER            a verify event with the safety number
 * /verify PEER confirm    mark PEER verified (answered by a peer event, trust "verified")
 * /verify PEER confirm    needs /verify PEER first (error not-compared otherwise)
 * /unverify PEER          PEER is no longer verified (answered by a peer event, trust "known")
 * /trust PEER             accept PEER's new key; PEER is the new key or the known nickname it claims
 *                         (answered by a peer event, trust "known", then peer-replaced and peer-removed of the
 *                         retired key, and the moved messages' statuses); an unchanged peer: error not-changed
 * /forget PEER            forget PEER's key, trust, addresses and conversation (answered by peer-removed;
 *                         its queued messages fail)
 * /cancel PEER            give up our messages to PEER not sent yet (a failed status for each); an
 *                         argument of digits only, or of exactly 32 hex digits, names a transfer instead
 * /ignore PEER            end PEER's session and refuse it, remembered (answered by a peer event, "ignored":true)
 * /unignore PEER          accept PEER again (answered by a peer event, "ignored":false)
 * /away, /back            set our presence (answered by a presence event)
 * /help                   a help event with the command lines (the room commands too, with rooms)
 * /quit                   (or end of input) leave; warns first if messages are undelivered
 * </pre>
 * PEER is a nickname (unique, case-insensitive), a full fingerprint, or at least 8 characters of the
 * part after {@code SHA256:}. A peer shown apart because it claims a known peer's nickname is never
 * matched by nickname. An unknown or ambiguous PEER, a refused request or a malformed command gets one
 * {@code error} event and nothing else happens. Blank lines are ignored.
 *
 * <h2>Events</h2>
 * <pre>
 * {"event":"ready","nick":"alice","fingerprint":"SHA256:…","port":7447,"addresses":["10.77.0.1"]}
 * {"event":"peer","state":"discovered|connecting|online|offline|lost","nick":"bob","fingerprint":"SHA256:…",
 *  "address":"10.77.0.2:7447"|null,"addresses":[…],"trust":"new|known|verified|changed",
 *  "presence":"online|away","conflicts_with":"SHA256:…"|null,"ignored":false}
 * {"event":"peer-removed","fingerprint":"SHA256:…"}
 * {"event":"peer-replaced","old_fingerprint":"SHA256:…","fingerprint":"SHA256:…","nick":"bob"}
 * {"event":"peers","count":2}
 * {"event":"message","id":"<32 hex>","from":"SHA256:…","nick":"bob","text":"hi","time":1764190000000}
 * {"event":"status","id":"<32 hex>","to":"SHA256:…","status":"queued|sent|delivered|failed"}
 * {"event":"verify","peer":"SHA256:…","nick":"bob","safety_number":"12345 67890 …","verified":false}
 * {"event":"typing","peer":"SHA256:…","active":true}
 * {"event":"nick","nick":"alicia"}
 * {"event":"presence","presence":"away|online"}
 * {"event":"help","lines":["/msg PEER TEXT …", …]}
 * {"event":"warning","code":"…","peer":"SHA256:…"|null,"message":"…", …details}
 * {"event":"error","code":"…","message":"…"}
 * </pre>
 * {@code ready} is always the first line: events that happen earlier wait for it (under the rules below).
 * {@code peer-removed}: Parley has forgotten a peer that discovery lost and that never completed a
 * handshake and has no messages (so announcements that come and go leave nothing behind); it is no
 * longer in {@code /peers}, and comes back with a {@code peer} event if it is announced again.
 * {@code message.text} is sanitised (no control characters, escapes or bidi overrides) and keeps line
 * breaks as {@code \n} (a text with nothing printable left is an event all the same, its {@code text} blank); {@code time} is the author's clock brought to ours, in ms since the epoch.
 * A message's statuses: {@code sent} (or {@code queued} while the peer is offline), {@code delivered}
 * once acknowledged; a message whose session ends before the acknowledgement goes back to
 * {@code queued} and is sent again (the receiver drops the duplicate).
 *
 * <p>Warning codes and their extra fields: {@code key-changed} (peer: the known fingerprint;
 * {@code known_fingerprint}, {@code new_fingerprint}, {@code nick}, {@code resolve}: the command that
 * accepts it), {@code nick-conflict}
 * ({@code known_fingerprint}, {@code fingerprint}, {@code nick}), {@code spoof}
 * ({@code announced_fingerprint}, {@code proven_fingerprint}, {@code address}), {@code dial-failed}
 * ({@code address}, {@code reason}), {@code no-handshake-reply} (peer: the peer dialled, when known; {@code address},
 * {@code times}: dials in a row closed after our first handshake message, as a peer with another network key does,
 * or a busy one: the message says "another network key, or busy"),
 * {@code other-network-key} ({@code address}, {@code their_key}: {@code other} or {@code none}, {@code more_addresses}:
 * refusals from other addresses not told since the last one; a connection failed our network-key check, at most once
 * per address in 10 minutes and once a minute in all), {@code clock-skew} ({@code offset_ms}), {@code trust-store},
 * {@code undelivered} ({@code count}, {@code ids}), {@code expired} (peer: the addressee; {@code count},
 * {@code ids}: queued messages that failed after 24 h undelivered), {@code events-dropped} ({@code count}; see below),
 * and the app's own at start: {@code keylog} ({@code file}: {@code PARLEY_KEYLOGFILE} is set) and
 * {@code port-in-use} ({@code port}, {@code listening}: the default port was taken, a free one is used).
 *
 * <p>Error codes: {@code bad-command}, {@code unknown-peer}, {@code ambiguous-peer}, {@code empty},
 * {@code too-long}, {@code untrusted}, {@code no-key}, {@code bad-address}, {@code bad-nickname},
 * {@code not-changed}, {@code not-compared}, {@code not-verified}, {@code old-key-online}, {@code internal}.
 *
 * <h2>A consumer that does not read</h2>
 * Events are written on their own thread ({@code parley-headless-out}): the engine never waits for the
 * consumer, and every session stays up while standard output is not read. What waits to be written is
 * bounded, and nothing that matters is lost:
 * <ul>
 * <li>{@code message}: acknowledged to its sender ({@code delivered} there) only once its line is written
 *     and flushed. Parley reads no further from a peer with a few hundred messages not yet written, so
 *     the peer keeps the rest queued and sends them, in order and exactly once, when the consumer reads
 *     again. Never dropped or merged.</li>
 * <li>{@code status}: for each message, the first waiting one stays (the answer to {@code /msg}), and
 *     later ones replace each other in a second place: at most two per message wait, the first and the
 *     newest.</li>
 * <li>{@code peer} and {@code peer-removed}: the same rule per fingerprint. A peer the consumer was never
 *     shown that is forgotten again leaves nothing behind. At most {@value EventQueue#MAX_WAITING_PEERS}
 *     fingerprints wait; a further one is dropped and counted.</li>
 * <li>{@code typing}: only the newest per peer waits, after the events that came before it; at most
 *     {@value EventQueue#MAX_WAITING_PEERS} peers, further ones dropped and counted.</li>
 * <li>{@code warning} from the engine: at most {@value EventQueue#MAX_WAITING_WARNINGS} wait; further
 *     ones are dropped and counted.</li>
 * <li>What was dropped is reported by one {@code {"event":"warning","code":"events-dropped","peer":null,
 *     "message":"…","count":N}} in the place of the first drop, as soon as the consumer reads again;
 *     {@code /peers} then tells every peer as it stands.</li>
 * <li>Answers to commands ({@code help}, {@code verify}, {@code peers}, {@code nick}, {@code presence},
 *     {@code error}, {@code undelivered}) are never dropped: while
 *     {@value EventQueue#MAX_WAITING_ANSWERS} answers and statuses wait, no further command is read.</li>
 * </ul>
 * Otherwise events come in the engine's order; a {@code peer} or {@code status} that replaces a waiting
 * one takes its place, a {@code typing} goes last. Besides what waits, the writer holds at most the one
 * batch it is writing (taken under the same bounds).
 *
 * <p>At exit ({@code /quit}, end of input, SIGTERM) no further event is taken and those waiting are
 * written; if standard output then makes no progress for 5 seconds, Parley exits without them and says
 * so in its log. A message never written is never acknowledged, so its sender still has it. A broken
 * standard output (EPIPE) ends writing, logged once: Parley keeps running, holds no events, and
 * acknowledges no further message.
 */
package dev.parley.headless;
