package dev.parley.files;

import dev.parley.chat.EventQueue;

import dev.parley.chat.Chat;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatRecord;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.chat.TransferInfo;
import dev.parley.chat.Transfers;
import dev.parley.chat.Trust;
import dev.parley.handshake.HandshakeFailedException;
import dev.parley.net.BulkChannel;
import dev.parley.net.BulkDoor;
import dev.parley.wire.FileRecords;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.ProtocolException;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File transfer (docs/PROTOCOL.md section 16): offers and answers on the chat session, the bytes on a bulk
 * channel of their own bound to the transfer, SHA-256 computed while streaming and checked end to end,
 * resume from the partial file after a lost connection, and nothing accepted without the user's say-so
 * (or {@code auto_accept = verified} for a verified peer).
 *
 * <p>Threads and locks, as in the chat engine: every public method changes state holding {@link #lock} and
 * queues its effects ({@link dev.parley.chat.EventQueue}), which run after the lock is released; nothing is called holding it
 * but {@link Session#send} (which only queues). File and socket I/O run on no lock: the scan of what is
 * sent on the caller's thread, each transfer's bulk loop on a worker thread (a channel we dialled) or on the
 * I/O thread that accepted the channel. Bounded: offers waiting per peer and in all, running transfers per
 * peer and in all, entries per offer (see docs/SECURITY.md). Thread-safe.
 */
public final class FileEngine implements Transfers, BulkDoor {
    private static final Logger LOG = LoggerFactory.getLogger(FileEngine.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Progress events per transfer come at most this often. */
    static final long PROGRESS_MILLIS = 500;
    /** The receiver acknowledges what it wrote at least every this many bytes, or {@link #PROGRESS_MILLIS}. */
    static final long ACK_BYTES = 4L << 20;
    /** A side that sends nothing for this long (paused) sends a PING on the bulk channel. */
    static final long PING_MILLIS = 10_000;

    /** How one side dials a bulk channel ({@code PeerNetwork.openBulk} in the app). */
    public interface BulkDialer {
        BulkChannel open(InetSocketAddress address, String fingerprint, byte[] transferId)
                throws IOException, HandshakeFailedException;
    }

    /**
     * The engine's settings.
     *
     * @param downloads where accepted files go without a DIR (null: none; headless then needs a DIR)
     * @param autoAcceptVerified accept offers from verified peers into {@code downloads} without asking
     * @param state the state folder ({@code --home}): resume notes are kept in {@code resume/} there, where no
     *              peer writes (null: no notes, so no resume after a restart)
     */
    public record Settings(Path downloads, boolean autoAcceptVerified, Duration offerExpiry, int maxOffersPerPeer,
                           int maxOffers, int maxRunningPerPeer, int maxRunning, Path state) {
        public static Settings defaults(Path downloads, boolean autoAcceptVerified) {
            return new Settings(downloads, autoAcceptVerified, Duration.ofMinutes(10), 8, 64, 2, 16, null);
        }

        public Settings withExpiry(Duration d) {
            return new Settings(downloads, autoAcceptVerified, d, maxOffersPerPeer, maxOffers, maxRunningPerPeer,
                    maxRunning, state);
        }

        public Settings withState(Path stateDir) {
            return new Settings(downloads, autoAcceptVerified, offerExpiry, maxOffersPerPeer, maxOffers,
                    maxRunningPerPeer, maxRunning, stateDir);
        }

        /** Where resume notes are kept, or null. */
        Path notes() {
            return state == null ? null : state.resolve("resume");
        }
    }

    private final Object lock = new Object();
    private final EventQueue<Void> effects = new EventQueue<>("file engine"); // effects only, no listeners
    private final List<Consumer<TransferInfo>> listeners = new CopyOnWriteArrayList<>();
    private final Chat chat;
    private final BulkDialer dialer;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final SecureRandom random;
    private final Settings settings;
    private final Disk disk;
    /** Guarded by {@link #lock}. */
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();
    /** The live session of each peer. Guarded by {@link #lock}. */
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    /** Guarded by {@link #lock}. */
    private int lastNumber;
    /** When this engine began: a resume note older than that was left by an earlier run. */
    private final long startedMillis;

    public FileEngine(Chat chat, BulkDialer dialer, Executor workers, ScheduledExecutorService timer, Clock clock,
                      SecureRandom random, Settings settings) {
        this(chat, dialer, workers, timer, clock, random, settings, Disk.REAL);
    }

    FileEngine(Chat chat, BulkDialer dialer, Executor workers, ScheduledExecutorService timer, Clock clock,
               SecureRandom random, Settings settings, Disk disk) {
        this.chat = chat;
        this.dialer = dialer;
        this.workers = workers;
        this.timer = timer;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.disk = disk;
        this.startedMillis = clock.millis();
    }

    // ---- the state of one transfer

    private enum Dir { IN, OUT }

    /** One transfer; every field guarded by {@link #lock} unless marked otherwise. */
    private final class Transfer {
        final String id;
        final byte[] idBytes;
        final int n;
        final String peer;
        final Dir dir;
        final List<FileRecords.Entry> entries;
        final long total;
        /** OUT: where each entry is read from (null for a directory). */
        List<Path> sources;
        /** IN: the safe components of each entry, where each file is written, the destination. */
        List<List<String>> components;
        List<SafeNames.Placed> placed;
        List<Path> createdDirs = List.of();
        Path destination;
        String state = "offered";
        String reason;
        String savedTo;
        String sha256;
        /** Lost its connection: resumes when the peer is back. */
        boolean interrupted;
        /** Where the bytes resume: files before {@code resumeIndex} are complete. */
        int resumeIndex;
        long resumeOffset;
        /** IN: bytes verified and written of the file under way (what a resume asks for). */
        long writtenInFile;
        int filesDone;
        int fileCount;
        /** The channel carrying it now, and a count that tells a current loop from a stale one. */
        BulkChannel channel;
        boolean channelExpected;
        /** A bulk loop is running for it (possibly a stale one, ending). */
        boolean looping;
        /**
         * IN: the note beside the first file's partial file that lets a later run resume it (null when the
         * offer's first entry is not a file at the top).
         */
        Path resumeNote;
        /** IN: the sender offered it again (a new connection): resume once the old loop has ended. */
        boolean resumeAsked;
        int generation;
        /** Bytes done in all: the loops add to it without the lock. */
        final AtomicLong bytes = new AtomicLong();
        volatile long lastEmit;
        /** The rate's window: opened by the first data a loop moves, not by a resume's re-read. */
        final RateWindow window = new RateWindow();
        /** A loop has moved data since it began (read by the loops without the lock). */
        volatile boolean moving;
        long rate;
        /** Local pause: read by the loops without the lock. */
        volatile boolean paused;
        volatile boolean stopped;
        /** The loops wait here while paused (never the engine's lock). */
        final Object gate = new Object();

        Transfer(byte[] idBytes, String peer, Dir dir, List<FileRecords.Entry> entries, long total) {
            this.idBytes = idBytes.clone();
            this.id = HEX.formatHex(idBytes);
            this.n = ++lastNumber;
            this.peer = peer;
            this.dir = dir;
            this.entries = List.copyOf(entries);
            this.total = total;
            this.fileCount = (int) entries.stream().filter(e -> !e.directory()).count();
        }

        boolean running() {
            return state.equals("accepted") || state.equals("active") || state.equals("paused")
                    || state.equals("verifying");
        }

        boolean finished() {
            return !running() && !state.equals("offered");
        }

        TransferInfo info() {
            List<TransferInfo.FileEntry> files = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                FileRecords.Entry e = entries.get(i);
                String path = components != null ? String.join("/", components.get(i)) : e.path();
                files.add(new TransferInfo.FileEntry(path, e.directory(), e.size()));
            }
            long done = bytes.get();
            Long eta = rate > 0 && running() ? (total - done + rate - 1) / rate : null;
            return new TransferInfo(id, n, peer, dir == Dir.IN, state, files, total, done,
                    state.equals("active") ? rate : 0, eta, reason, savedTo, sha256);
        }
    }

    // ---- changes: under the lock, effects after it

    private <T, E extends Exception> T change(EventQueue.Change<T, E> c) throws E {
        return effects.change(lock, c);
    }

    private <E extends Exception> void step(EventQueue.Step<E> s) throws E {
        effects.step(lock, s);
    }

    /** Under the lock: every listener hears of this transfer's state, after the lock. */
    private void emit(Transfer t) {
        t.lastEmit = clock.millis();
        t.window.restart(t.lastEmit, t.bytes.get());
        TransferInfo info = t.info();
        effects.later(() -> {
            for (Consumer<TransferInfo> l : listeners) {
                try {
                    l.accept(info);
                } catch (RuntimeException e) {
                    LOG.error("a transfer listener failed", e);
                }
            }
        });
    }

    /** Under the lock: queues a control record on the peer's session and its flush; false when offline. */
    private boolean control(String peer, byte type, byte[] body) {
        Session s = sessions.get(peer);
        if (s == null || !s.send(new ChatRecord.File(type, body))) {
            return false;
        }
        effects.later(s::flush);
        return true;
    }

    // ---- Transfers: the front ends' commands

    @Override
    public void addListener(Consumer<TransferInfo> listener) {
        listeners.add(listener);
    }

    @Override
    public List<TransferInfo> list() {
        synchronized (lock) {
            return transfers.values().stream().map(Transfer::info).toList();
        }
    }

    @Override
    public TransferInfo send(String peerQuery, List<String> paths) throws ChatException {
        PeerInfo p = chat.resolve(peerQuery);
        if (p.trust() == Trust.CHANGED) {
            throw new ChatException("untrusted", p.nickname() + "'s key changed: /verify or /trust it before sending");
        }
        if (paths.isEmpty()) {
            throw new ChatException("bad-command", "usage: /send PEER PATH...");
        }
        List<FileRecords.Entry> entries = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String s : paths) {
            scan(Path.of(s), entries, sources, skipped); // file I/O, holding nothing
        }
        long total = entries.stream().mapToLong(FileRecords.Entry::size).sum();
        byte[] id = new byte[FileRecords.ID_LEN];
        random.nextBytes(id);
        FileRecords.Offer offer = new FileRecords.Offer(id, total, (byte) 0, entries);
        byte[] body = offer.encode();
        if (body.length > Limits.MAX_RECORD_BODY) {
            throw new ChatException("too-many", "the list of " + entries.size() + " entries needs " + body.length
                    + " bytes, over the " + Limits.MAX_RECORD_BODY + " one offer may carry: send the folder in parts");
        }
        if (!skipped.isEmpty()) {
            LOG.info("not sending {} symbolic link(s)", skipped.size());
        }
        return change(() -> {
            if (!sessions.containsKey(p.fingerprint())) {
                throw new ChatException("offline", p.nickname() + " is not online; send when they are");
            }
            long offered = transfers.values().stream()
                    .filter(t -> t.peer.equals(p.fingerprint()) && t.dir == Dir.OUT && t.state.equals("offered")).count();
            if (offered >= settings.maxOffersPerPeer()) {
                throw new ChatException("busy", offered + " offers to " + p.nickname() + " are waiting for an answer");
            }
            Transfer t = new Transfer(id, p.fingerprint(), Dir.OUT, entries, total);
            t.sources = sources;
            transfers.put(t.id, t);
            control(t.peer, RecordType.FILE_OFFER, body);
            expireLater(t);
            emit(t);
            return t.info();
        });
    }

    /** What a path offers: a file, or a folder with everything under it (directories first); symlinks skipped. */
    private static void scan(Path root, List<FileRecords.Entry> entries, List<Path> sources, List<String> skipped)
            throws ChatException {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new ChatException("no-such-file", "no such file or folder: " + root);
        }
        Path base = abs.getParent();
        try {
            Files.walkFileTree(abs, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    add(d, a, FileRecords.KIND_DIRECTORY, 0);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    if (a.isRegularFile()) {
                        add(f, a, FileRecords.KIND_FILE, a.size());
                    } else {
                        skipped.add(f.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void add(Path p, BasicFileAttributes a, byte kind, long size) throws IOException {
                    if (entries.size() >= FileRecords.MAX_ENTRIES) {
                        throw new IOException("more than " + FileRecords.MAX_ENTRIES + " entries");
                    }
                    String rel = (base == null ? p : base.relativize(p)).toString().replace(java.io.File.separatorChar, '/');
                    entries.add(new FileRecords.Entry(rel, kind, size, a.lastModifiedTime().toMillis()));
                    sources.add(kind == FileRecords.KIND_FILE ? p : null);
                }
            });
        } catch (IOException e) {
            throw new ChatException("unreadable", "cannot read " + root + ": " + e.getMessage());
        }
    }

    @Override
    public void accept(String query, String dirArg) throws ChatException {
        Transfer t = find(query);
        Path dest;
        boolean noteable;
        synchronized (lock) {
            if (t.dir != Dir.IN || !t.state.equals("offered")) {
                throw new ChatException("bad-state", "transfer " + t.n + " is " + t.state + ", not an offer to us");
            }
            long running = transfers.values().stream().filter(x -> x.running() && x.peer.equals(t.peer)).count();
            long all = transfers.values().stream().filter(Transfer::running).count();
            if (running >= settings.maxRunningPerPeer() || all >= settings.maxRunning()) {
                throw new ChatException("busy", running + " transfers with this peer (" + all
                        + " in all) are running; accept when one has ended");
            }
            noteable = noteable(t);
        }
        if (dirArg != null) {
            dest = Path.of(dirArg);
            if (!Files.isDirectory(dest)) {
                throw new ChatException("no-such-folder", "no such folder: " + dirArg);
            }
        } else if (settings.downloads() != null) {
            dest = settings.downloads();
        } else {
            throw new ChatException("no-destination", "say where: /accept " + t.n + " DIR (or set downloads)");
        }
        List<SafeNames.Placed> placed = new ArrayList<>();
        List<Path> created = new ArrayList<>();
        SafeNames.Resumable resumable = null;
        Path note = null;
        Path real;
        Path notes = settings.notes();
        try {
            Files.createDirectories(dest);
            real = dest.toRealPath();
            String noteName = noteable ? resumeNoteName(t, real) : null;
            boolean heldNote = false;
            resumable = noteName == null ? null
                    : SafeNames.findResumable(notes, noteName, real, t.entries.get(0).size());
            if (resumable != null && heldByAnother(t, resumable.placed().part())) {
                resumable = null; // a transfer of this run still has it (resumes on its own when the peer is back)
                heldNote = true; // and its note: we write none
            }
            long have = resumable == null ? 0 : resumable.offset();
            long free = disk.usableSpace(real);
            if (free < t.total - have) {
                throw new ChatException("no-space", "the offer needs " + Units.bytes(t.total - have) + "; "
                        + real + " has " + Units.bytes(free) + " free");
            }
            place(t, real, placed, created, resumable);
            if (noteName != null && !heldNote) {
                try {
                    note = resumable != null ? resumable.note() : SafeNames.writeResumeNote(notes, noteName, placed.get(0));
                } catch (IOException e) { // the transfer goes on; only a resume after a restart is lost
                    LOG.warn("cannot write a resume note in {}: {}", notes, e.toString());
                }
            }
        } catch (IOException e) {
            removeQuietly(fresh(placed, resumable), created);
            throw new ChatException("write-error", "cannot write in " + dest + ": " + e.getMessage());
        } catch (ChatException e) {
            removeQuietly(fresh(placed, resumable), created);
            throw e;
        }
        SafeNames.Resumable resumed = resumable;
        Path resumeNote = note;
        step(() -> {
            if (!t.state.equals("offered") || (resumed != null && heldByAnother(t, resumed.placed().part()))) {
                List<SafeNames.Placed> undo = fresh(placed, resumed);
                Path ownNote = resumed == null ? resumeNote : null;
                SafeNames.Placed first = placed.isEmpty() ? null : placed.get(0);
                effects.later(() -> {
                    removeQuietly(undo, created);
                    deleteNote(ownNote, first);
                });
                throw new ChatException("bad-state", "transfer " + t.n + " is " + t.state + " now");
            }
            t.destination = real;
            t.placed = placed;
            t.createdDirs = created;
            t.resumeNote = resumeNote;
            String top = t.components.get(0).get(0);
            boolean oneTop = t.components.stream().allMatch(c -> c.get(0).equals(top));
            t.savedTo = (oneTop ? real.resolve(top) : real).toString();
            t.state = "accepted";
            long offset = resumed == null ? 0 : resumed.offset();
            t.resumeIndex = 0;
            t.writtenInFile = offset;
            t.reason = offset == 0 ? null : "resuming: " + Units.bytes(offset) + " of " + Units.bytes(t.entries.get(0).size())
                    + " already here";
            control(t.peer, RecordType.FILE_ACCEPT, new FileRecords.Accept(t.idBytes, 0, offset).encode());
            startIfNothingToSend(t);
            dialIfWeDial(t);
            emit(t);
        });
    }

    /**
     * Under the lock: whether an offer's first file can have a resume note: notes are kept (a state folder)
     * and the entry is a file at the top of the offer (a folder's files are placed in a folder created anew).
     */
    private boolean noteable(Transfer t) {
        FileRecords.Entry first = t.entries.isEmpty() ? null : t.entries.get(0);
        return settings.notes() != null && first != null && !first.directory() && t.components.get(0).size() == 1;
    }

    /** The name of the resume note of an offer's first file accepted into {@code dest} (a real path). */
    private static String resumeNoteName(Transfer t, Path dest) {
        FileRecords.Entry first = t.entries.get(0);
        return SafeNames.resumeNoteName(t.peer, first.path(), first.size(), first.mtimeMillis(), dest);
    }

    /** Whether another transfer of this run holds this partial file. */
    private boolean heldByAnother(Transfer t, Path part) {
        synchronized (lock) {
            for (Transfer x : transfers.values()) {
                if (x != t && x.placed != null && !x.finished()
                        && x.placed.stream().anyMatch(p -> p != null && p.part().equals(part))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What accept created itself: everything placed but the partial file it resumes. */
    private static List<SafeNames.Placed> fresh(List<SafeNames.Placed> placed, SafeNames.Resumable resumed) {
        return resumed == null ? placed : placed.stream().filter(p -> p != resumed.placed()).toList();
    }

    /** Creates the directories and the partial files of an accepted offer (renaming on clashes). File I/O. */
    private void place(Transfer t, Path dest, List<SafeNames.Placed> placed, List<Path> created,
                       SafeNames.Resumable resumable) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < t.entries.size(); i++) {
            List<String> c = t.components.get(i);
            Path parent = c.size() == 1 ? dest : dirs.get(String.join("/", c.subList(0, c.size() - 1)));
            String name = c.get(c.size() - 1);
            if (t.entries.get(i).directory()) {
                Path d = SafeNames.createDirectory(parent, name);
                created.add(d);
                dirs.put(String.join("/", c), d);
                placed.add(null);
                shown.add(dest.relativize(d).toString());
            } else {
                SafeNames.Placed p = i == 0 && resumable != null ? resumable.placed() : SafeNames.createPart(parent, name);
                if (!SafeNames.inside(dest, p.part())) {
                    throw new IOException("a partial file would be outside the destination");
                }
                placed.add(p);
                shown.add(dest.relativize(p.dir().resolve(p.name())).toString());
            }
        }
        synchronized (lock) { // names as they are on this disk, for the events
            List<List<String>> comps = new ArrayList<>();
            for (String s : shown) {
                comps.add(List.of(s.split(java.util.regex.Pattern.quote(java.io.File.separator))));
            }
            t.components = comps;
        }
    }

    /**
     * Removes a resume note (its partial file is published or gone) if it still names {@code own}'s partial
     * file: another transfer of the same file may have written its own since. null: none.
     */
    private static void deleteNote(Path note, SafeNames.Placed own) {
        if (note != null) {
            try {
                SafeNames.deleteResumeNote(note, own);
            } catch (IOException e) {
                LOG.warn("cannot remove a resume note: {}", e.toString());
            }
        }
    }

    private static void removeQuietly(List<SafeNames.Placed> placed, List<Path> created) {
        for (SafeNames.Placed p : placed) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p.part());
                } catch (IOException e) {
                    LOG.warn("cannot remove a partial file: {}", e.toString());
                }
            }
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i)); // only if still empty
            } catch (IOException e) {
                LOG.debug("directory kept: {}", e.toString());
            }
        }
    }

    @Override
    public void decline(String query) throws ChatException {
        Transfer t = find(query);
        step(() -> {
            if (t.dir != Dir.IN || !t.state.equals("offered")) {
                throw new ChatException("bad-state", "transfer " + t.n + " is " + t.state + ", not an offer to us");
            }
            t.state = "declined";
            t.reason = "declined by you";
            control(t.peer, RecordType.FILE_DECLINE, new FileRecords.Refusal(t.idBytes, FileRecords.DECLINED).encode());
            emit(t);
        });
    }

    @Override
    public void cancel(String query) throws ChatException {
        Transfer t;
        try {
            t = find(query);
        } catch (ChatException e) {
            if (!query.strip().matches("[0-9]+")) {
                throw e;
            }
            throw new ChatException(e.code(), e.getMessage() + " (/cancel with digits names a transfer; to give up"
                    + " the messages to a peer called " + query.strip() + ", name it by its fingerprint)");
        }
        step(() -> {
            if (t.finished()) {
                throw new ChatException("bad-state", "transfer " + t.n + " is " + t.state + " already");
            }
            control(t.peer, RecordType.FILE_CANCEL, new FileRecords.Refusal(t.idBytes, FileRecords.CANCELLED).encode());
            end(t, "cancelled", "cancelled by you");
        });
    }

    @Override
    public void pause(String query) throws ChatException {
        Transfer t = find(query);
        step(() -> {
            if (!t.running()) {
                throw new ChatException("bad-state", "transfer " + t.n + " is " + t.state);
            }
            t.paused = true;
            if (!t.interrupted) {
                t.state = "paused";
                t.reason = "paused by you";
            }
            emit(t);
        });
    }

    @Override
    public void resume(String query) throws ChatException {
        Transfer t = find(query);
        step(() -> {
            if (!t.paused && !t.interrupted) {
                throw new ChatException("bad-state", "transfer " + t.n + " is not paused");
            }
            t.paused = false;
            if (t.interrupted) {
                t.reason = "connection lost; resumes when the peer is back";
            } else {
                t.state = t.channel != null ? "active" : "accepted";
                t.reason = null;
            }
            synchronized (t.gate) {
                t.gate.notifyAll();
            }
            emit(t);
        });
    }

    @Override
    public int clean() {
        List<SafeNames.Placed> parts = new ArrayList<>();
        Map<Path, SafeNames.Placed> notes = new LinkedHashMap<>();
        int n = change(() -> {
            int removed = 0;
            for (var it = transfers.values().iterator(); it.hasNext(); ) {
                Transfer t = it.next();
                boolean stale = t.finished() || (t.interrupted && t.dir == Dir.IN);
                if (!stale) {
                    continue;
                }
                if (t.interrupted) {
                    t.stopped = true;
                    if (t.placed != null) {
                        parts.addAll(t.placed);
                    }
                    if (t.resumeNote != null && t.filesDone == 0) {
                        notes.put(t.resumeNote, t.placed.get(0));
                    }
                }
                it.remove();
                removed++;
            }
            return removed;
        });
        removeQuietly(parts, List.of());
        notes.forEach(FileEngine::deleteNote);
        for (SafeNames.Leftover l : leftoverParts()) {
            try {
                SafeNames.removeLeftover(l);
            } catch (IOException e) {
                LOG.warn("cannot remove a leftover partial file: {}", e.toString());
            }
        }
        return n;
    }

    @Override
    public Leftovers leftovers() {
        List<SafeNames.Leftover> all = leftoverParts();
        return new Leftovers(all.size(), all.stream().mapToLong(SafeNames.Leftover::size).sum());
    }

    /**
     * File I/O, holding nothing: the partial files the resume notes name that no transfer this run still
     * lists holds (by its partial files or its note), and whose note is older than the offer expiry or
     * older than this engine (an earlier run's): a note written moments ago may be an accept under way.
     */
    private List<SafeNames.Leftover> leftoverParts() {
        List<SafeNames.Leftover> found;
        try {
            found = SafeNames.leftovers(settings.notes());
        } catch (IOException e) {
            LOG.debug("no resume notes read: {}", e.toString());
            return List.of();
        }
        long now = clock.millis();
        synchronized (lock) {
            java.util.Set<Path> held = new java.util.HashSet<>();
            for (Transfer t : transfers.values()) {
                if (t.resumeNote != null) {
                    held.add(t.resumeNote);
                }
                if (t.placed != null) {
                    t.placed.stream().filter(java.util.Objects::nonNull).forEach(p -> held.add(p.part()));
                }
            }
            return found.stream()
                    .filter(l -> !held.contains(l.note()) && !held.contains(l.part()))
                    .filter(l -> l.noteMillis() < startedMillis || now - l.noteMillis() > settings.offerExpiry().toMillis())
                    .toList();
        }
    }

    private Transfer find(String query) throws ChatException {
        String q = query.strip().toLowerCase(Locale.ROOT);
        synchronized (lock) {
            if (q.matches("[0-9]{1,9}")) { // more digits than that: no transfer has such a number
                int n = Integer.parseInt(q);
                for (Transfer t : transfers.values()) {
                    if (t.n == n) {
                        return t;
                    }
                }
            }
            if (q.matches("[0-9a-f]{6,32}")) {
                List<Transfer> hits = transfers.values().stream().filter(t -> t.id.startsWith(q)).toList();
                if (hits.size() == 1) {
                    return hits.get(0);
                }
            }
        }
        throw new ChatException("unknown-transfer", "no transfer " + query + "; see /transfers");
    }

    /**
     * Under the lock: the transfer is over with this state; its channel closes and, on our side of a
     * received transfer, its partial files are removed (unless it is done).
     */
    private void end(Transfer t, String state, String reason) {
        t.state = state;
        t.reason = reason;
        t.interrupted = false;
        t.stopped = true;
        BulkChannel ch = t.channel;
        t.channel = null;
        t.generation++;
        synchronized (t.gate) {
            t.gate.notifyAll();
        }
        if (ch != null) {
            effects.later(ch::close);
        }
        if (t.dir == Dir.IN && t.placed != null && !state.equals("done")) {
            List<SafeNames.Placed> parts = new ArrayList<>(t.placed);
            List<Path> dirs = t.createdDirs; // removed where still empty
            if (t.filesDone == 0) {
                t.savedTo = null;
            }
            Path note = t.filesDone == 0 ? t.resumeNote : null;
            effects.later(() -> workers.execute(() -> {
                removeQuietly(parts, dirs);
                deleteNote(note, parts.isEmpty() ? null : parts.get(0));
            }));
        }
        emit(t);
    }

    private void expireLater(Transfer t) {
        try {
            timer.schedule(() -> step(() -> {
                if (t.state.equals("offered")) {
                    control(t.peer, t.dir == Dir.IN ? RecordType.FILE_DECLINE : RecordType.FILE_CANCEL,
                            new FileRecords.Refusal(t.idBytes, FileRecords.EXPIRED).encode());
                    end(t, "expired", "nobody answered in " + settings.offerExpiry().toMinutes() + " min");
                }
            }), settings.offerExpiry().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debug("no expiry: {}", e.toString()); // shutting down
        }
    }

    /** Under the lock: a transfer with no file data (only folders) is done as soon as it is accepted. */
    private void startIfNothingToSend(Transfer t) {
        if (t.fileCount == 0) {
            t.state = "done";
            t.stopped = true;
        }
    }

    /** Under the lock: the side that dialled the chat session dials the bulk channel. */
    private void dialIfWeDial(Transfer t) {
        Session s = sessions.get(t.peer);
        if (!t.running() || s == null) {
            return;
        }
        t.channelExpected = true;
        if (!s.outbound()) {
            return; // the peer dials us: admit() lets it in
        }
        int gen = ++t.generation;
        InetSocketAddress at = s.remoteAddress();
        effects.later(() -> workers.execute(() -> dialAndRun(t, gen, at)));
    }

    private void dialAndRun(Transfer t, int gen, InetSocketAddress at) {
        BulkChannel ch;
        try {
            ch = dialer.open(at, t.peer, t.idBytes);
        } catch (IOException | HandshakeFailedException e) {
            LOG.info("bulk channel for transfer {} to {} not opened: {}", t.n, t.peer, e.toString());
            lost(t, gen, "the data connection failed: " + e.getMessage());
            return;
        }
        boolean ours = change(() -> {
            if (t.generation != gen || !t.running()) {
                return false;
            }
            t.channel = ch;
            return true;
        });
        try {
            if (ours) {
                run(t, ch, gen);
            }
        } finally {
            ch.close();
        }
    }

    // ---- BulkDoor: channels the peer dialled

    @Override
    public boolean admit(String peer, byte[] transferId) {
        return change(() -> {
            Transfer t = transfers.get(HEX.formatHex(transferId));
            if (t == null || !t.peer.equals(peer) || !t.running() || !t.channelExpected || t.channel != null) {
                return false;
            }
            long channels = transfers.values().stream().filter(x -> x.peer.equals(peer) && x.channel != null).count();
            return channels < settings.maxRunningPerPeer();
        });
    }

    @Override
    public void opened(BulkChannel ch, byte[] transferId) {
        Transfer t;
        int gen;
        synchronized (lock) {
            t = transfers.get(HEX.formatHex(transferId));
            if (t == null || !t.running() || t.channel != null) {
                return;
            }
            t.channel = ch;
            gen = ++t.generation;
        }
        run(t, ch, gen);
    }

    // ---- the bulk loops (no lock held across any I/O)

    /** A failure of our own disk, told apart from the connection's. */
    private static final class DiskException extends IOException {
        DiskException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A transfer that cannot go on (changed at the source, a hash mismatch): the peer is told why. */
    private static final class Fatal extends Exception {
        final byte reason;

        Fatal(byte reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    private void run(Transfer t, BulkChannel ch, int gen) {
        step(() -> {
            t.looping = true;
            t.moving = false;
            t.window.shut(); // opens with the first data moved, after any re-read of what was there
            t.rate = 0;
            if (t.generation == gen && t.running()) {
                t.state = t.paused ? "paused" : "active";
                t.reason = t.paused ? "paused by you" : null;
                t.interrupted = false;
                emit(t);
            }
        });
        try {
            if (t.dir == Dir.OUT) {
                sendAll(t, ch, gen);
            } else {
                receiveAll(t, ch, gen);
            }
        } catch (Fatal f) {
            fail(t, gen, f.reason, f.getMessage());
        } catch (DiskException e) {
            fail(t, gen, FileRecords.WRITE_ERROR, "write-error: " + e.getMessage());
        } catch (ProtocolException e) {
            LOG.warn("bulk channel of transfer {} with {}: {}", t.n, t.peer, e.getMessage());
            fail(t, gen, FileRecords.CANCELLED, "protocol violation by the peer");
        } catch (IOException e) {
            lost(t, gen, "connection lost; resumes when the peer is back");
        } catch (RuntimeException e) {
            LOG.error("transfer {} failed", t.n, e);
            fail(t, gen, FileRecords.CANCELLED, "internal error: " + e);
        } finally {
            ch.close();
            step(() -> {
                t.looping = false;
                if (t.channel == ch) {
                    t.channel = null;
                }
                if (t.resumeAsked && t.interrupted) {
                    resumeNow(t);
                }
            });
        }
    }

    /**
     * Under the lock, IN: the sender offered this transfer again on a new connection and no loop of ours
     * is running any more: accept it from where the partial file stands.
     */
    private void resumeNow(Transfer t) {
        t.resumeAsked = false;
        t.interrupted = false;
        t.state = "accepted";
        t.reason = null;
        control(t.peer, RecordType.FILE_ACCEPT, new FileRecords.Accept(t.idBytes, t.resumeIndex, t.writtenInFile).encode());
        dialIfWeDial(t);
        emit(t);
    }

    /** Under the lock: the transfer lost its connection; a stale loop may still be ending. */
    private void interrupt(Transfer t, String why) {
        BulkChannel ch = t.channel;
        if (ch != null) {
            effects.later(ch::close); // its loop ends; what it reports is stale now
        }
        t.channel = null;
        t.channelExpected = false;
        t.interrupted = true;
        t.generation++;
        t.state = "paused";
        t.reason = why;
        synchronized (t.gate) {
            t.gate.notifyAll();
        }
        emit(t);
    }

    private void fail(Transfer t, int gen, byte reason, String why) {
        step(() -> {
            if (t.generation == gen && !t.finished()) {
                control(t.peer, RecordType.FILE_CANCEL, new FileRecords.Refusal(t.idBytes, reason).encode());
                end(t, "failed", why);
            }
        });
    }

    private void lost(Transfer t, int gen, String why) {
        boolean reoffer = change(() -> {
            if (t.generation != gen || !t.running()) {
                return false;
            }
            interrupt(t, why);
            // the session may be a new one already (its up came before the old one's down): offer again
            return t.dir == Dir.OUT && sessions.containsKey(t.peer);
        });
        if (reoffer) {
            try {
                timer.schedule(() -> step(() -> {
                    if (t.interrupted) {
                        control(t.peer, RecordType.FILE_OFFER,
                                new FileRecords.Offer(t.idBytes, t.total, (byte) 0, t.entries).encode());
                    }
                }), 1, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                LOG.debug("not offering again: {}", e.toString());
            }
        }
    }

    /** The loops' progress: bytes added without the lock; an event at most every {@link #PROGRESS_MILLIS}. */
    private void progress(Transfer t, long n) {
        long done = t.bytes.addAndGet(n);
        long now = clock.millis();
        if (now - t.lastEmit >= PROGRESS_MILLIS) {
            step(() -> {
                long dt = now - t.lastEmit;
                if (dt >= PROGRESS_MILLIS && t.state.equals("active")) {
                    long r = t.window.sample(now, t.bytes.get());
                    if (r >= 0) {
                        t.rate = r;
                    }
                    emit(t);
                }
            });
        }
    }

    /**
     * A loop moves data for the first time since it began (the re-read of a resumed prefix is over, and on
     * the receiver the sender's first chunk is here): the rate's window opens now, with {@code before}
     * bytes counted before it. Once per loop; takes the lock only that once.
     */
    private void firstData(Transfer t, long before) {
        if (t.moving) {
            return;
        }
        t.moving = true;
        long now = clock.millis();
        step(() -> t.window.open(now, before));
    }

    /** Waits while paused locally, sending {@code onIdle} (a PING) every {@link #PING_MILLIS}; false when stopped. */
    private boolean waitWhilePaused(Transfer t, IoAction onIdle) throws IOException {
        while (t.paused && !t.stopped) {
            synchronized (t.gate) {
                if (t.paused && !t.stopped) {
                    try {
                        t.gate.wait(PING_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            if (t.paused && !t.stopped) {
                onIdle.run();
            }
        }
        return !t.stopped;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** The sender: each file from the resume point, FILE_DATA chunks then FILE_END with its SHA-256. */
    private void sendAll(Transfer t, BulkChannel ch, int gen) throws IOException, Fatal {
        int start;
        long startOffset;
        synchronized (lock) {
            start = t.resumeIndex;
            startOffset = t.resumeOffset;
            long before = 0;
            for (int i = 0; i < start && i < t.entries.size(); i++) {
                before += t.entries.get(i).size();
            }
            t.bytes.set(before + startOffset);
        }
        java.util.concurrent.CountDownLatch acksEnded = new java.util.concurrent.CountDownLatch(1);
        workers.execute(() -> {
            try {
                readAcks(t, ch);
            } finally {
                acksEnded.countDown();
            }
        });
        byte[] buf = ch.dataBuffer();
        for (int i = start; i < t.entries.size(); i++) {
            FileRecords.Entry e = t.entries.get(i);
            if (e.directory()) {
                continue;
            }
            Path src = t.sources.get(i);
            checkUnchanged(src, e);
            MessageDigest md = sha256();
            long pos = i == start ? startOffset : 0;
            byte[] sha;
            try (FileChannel fc = FileChannel.open(src, StandardOpenOption.READ)) {
                rehash(fc, md, pos, buf, BulkChannel.DATA_OFFSET);
                // read ahead and hashed on a thread of its own while this one seals and sends
                try (ChunkReader reader = new ChunkReader(fc, md, pos, e.size(), FileRecords.CHUNK, workers)) {
                    while (pos < e.size()) {
                        if (!waitWhilePaused(t, () -> ch.send(RecordType.PING, new byte[0]))) {
                            return;
                        }
                        ChunkReader.Chunk c;
                        try {
                            c = reader.next();
                        } catch (ChunkReader.Shorter x) {
                            throw new Fatal(FileRecords.CHANGED_AT_SOURCE, e.path() + " changed while it was sent");
                        } // another read failure ends this loop as before, as a lost connection does
                        int n = c.length();
                        firstData(t, t.bytes.get()); // what is sent from here on counts, not the re-read
                        System.arraycopy(c.bytes(), 0, buf, BulkChannel.DATA_OFFSET, n);
                        reader.recycle(c);
                        ch.sendData(i, pos, n);
                        pos += n;
                        progress(t, n);
                    }
                    sha = reader.digest();
                }
            } catch (NoSuchFileException x) {
                throw new Fatal(FileRecords.CHANGED_AT_SOURCE, e.path() + " is gone");
            }
            checkUnchanged(src, e);
            ch.send(RecordType.FILE_END, new FileRecords.End(i, sha).encode());
        }
        step(() -> {
            if (t.generation == gen && t.running()) {
                t.state = "verifying";
                t.reason = null;
                emit(t);
            }
        });
        ch.bye();
        try { // close only once the receiver has read everything and hung up (closing earlier could reset it)
            acksEnded.await(BulkChannel.IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void checkUnchanged(Path src, FileRecords.Entry e) throws Fatal {
        try {
            BasicFileAttributes a = Files.readAttributes(src, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.size() != e.size() || a.lastModifiedTime().toMillis() != e.mtimeMillis()) {
                throw new Fatal(FileRecords.CHANGED_AT_SOURCE, e.path() + " changed since it was offered");
            }
        } catch (IOException x) {
            throw new Fatal(FileRecords.READ_ERROR, "cannot read " + e.path() + ": " + x.getMessage());
        }
    }

    /** The digest of the first {@code length} bytes of a file (a resume re-reads what is already there). */
    private static void rehash(FileChannel fc, MessageDigest md, long length, byte[] buf, int off) throws IOException {
        long pos = 0;
        while (pos < length) {
            int want = (int) Math.min(buf.length - off, length - pos);
            ByteBuffer bb = ByteBuffer.wrap(buf, off, want);
            int n = fc.read(bb, pos);
            if (n < 0) {
                throw new NoSuchFileException("shorter than the resume point");
            }
            md.update(buf, off, n);
            pos += n;
        }
    }

    /**
     * The receiver re-reads the partial file it resumes (gigabytes, after a restart) with its progress shown,
     * "checking what arrived before: 40 %", at most every {@link #PROGRESS_MILLIS}.
     */
    private void rehashShown(Transfer t, int gen, FileChannel fc, MessageDigest md, long length, byte[] buf)
            throws IOException {
        long pos = 0;
        long shown = clock.millis();
        while (pos < length) {
            if (t.stopped) {
                throw new java.io.InterruptedIOException("the transfer ended");
            }
            int want = (int) Math.min(buf.length, length - pos);
            int n = fc.read(ByteBuffer.wrap(buf, 0, want), pos);
            if (n < 0) {
                throw new NoSuchFileException("shorter than the resume point");
            }
            md.update(buf, 0, n);
            pos += n;
            long now = clock.millis();
            if (now - shown >= PROGRESS_MILLIS && pos < length) {
                shown = now;
                setState(t, gen, "verifying", "checking what arrived before: " + pos * 100 / length + " %");
            }
        }
    }

    /** The sender's reader: the receiver's FILE_ACKs and PINGs, until it says BYE or the channel ends. */
    private void readAcks(Transfer t, BulkChannel ch) {
        try {
            while (true) {
                BulkChannel.Received r = ch.receive();
                if (r.type() == RecordType.BYE) {
                    return;
                }
                if (r.type() == RecordType.FILE_ACK) {
                    FileRecords.Ack.decode(r.body());
                } else if (r.type() != RecordType.PING && r.type() != RecordType.PONG) {
                    throw new MalformedRecordException("record type " + (r.type() & 0xff) + " from a receiver");
                }
            }
        } catch (IOException e) {
            if (!t.stopped) {
                LOG.debug("bulk channel of transfer {} ended: {}", t.n, e.toString());
            }
            ch.close(); // the sending loop fails at once
        }
    }

    /** The receiver: writes each chunk where it belongs, checks each file's SHA-256, publishes it. */
    private void receiveAll(Transfer t, BulkChannel ch, int gen) throws IOException, Fatal {
        int index;
        long offset;
        Path note;
        synchronized (lock) {
            index = t.resumeIndex;
            offset = t.writtenInFile;
            note = t.resumeNote;
        }
        index = nextFile(t, index);
        synchronized (lock) {
            long before = 0;
            for (int i = 0; i < index && i < t.entries.size(); i++) {
                before += t.entries.get(i).size();
            }
            t.bytes.set(before + offset);
        }
        byte[] scratch = new byte[FileRecords.CHUNK];
        long lastAck = clock.millis();
        long unacked = 0;
        while (index < t.entries.size()) {
            FileRecords.Entry e = t.entries.get(index);
            SafeNames.Placed p = t.placed.get(index);
            MessageDigest md = sha256();
            if (offset > 0) {
                setState(t, gen, "verifying", "checking what arrived before");
                try (FileChannel fc = FileChannel.open(p.part(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    rehashShown(t, gen, fc, md, offset, scratch); // from the disk: a changed partial file fails the hash
                } catch (NoSuchFileException x) {
                    throw new Fatal(FileRecords.WRITE_ERROR, "the partial file of " + e.path() + " is gone");
                } catch (IOException x) {
                    throw new DiskException(x);
                }
                setState(t, gen, "active", null);
            }
            Disk.Sink sink;
            try {
                sink = disk.open(p.part());
            } catch (IOException x) {
                throw new DiskException(x);
            }
            try {
                sink.truncate(offset);
            } catch (IOException x) {
                closeAfter(sink, x); // not left open
                throw new DiskException(x);
            } catch (RuntimeException x) {
                closeAfter(sink, x);
                throw x;
            }
            ChunkWriter.Progress onDisk = (total, n) -> {
                synchronized (lock) {
                    t.writtenInFile = total;
                }
                progress(t, n);
            };
            // closed before the sink: the disk writer has ended before the file is closed or a resume reads it
            try (sink; ChunkWriter disk = new ChunkWriter(sink, md, offset, FileRecords.CHUNK, workers, onDisk)) {
                long received = offset; // verified and handed to the disk writer; disk.written() is what it wrote
                while (true) {
                    final int fi = index;
                    if (!waitWhilePaused(t, () -> ch.send(RecordType.FILE_ACK, new FileRecords.Ack(fi, disk.written()).encode()))) {
                        return;
                    }
                    BulkChannel.Received r = ch.receive();
                    byte[] b = r.buffer();
                    if (r.type() == RecordType.FILE_DATA) {
                        FileRecords.checkData(r.length());
                        int ix = BulkChannel.getInt(b, r.offset());
                        long at = BulkChannel.getLong(b, r.offset() + 4);
                        int n = r.length() - FileRecords.DATA_HEADER;
                        if (ix != index || at != received || received + n > e.size()) {
                            throw new MalformedRecordException("FILE_DATA out of place");
                        }
                        // the first chunk opens the window: what arrived after it counts, over the time since
                        firstData(t, t.bytes.get() + n);
                        try {
                            disk.write(b, r.offset() + FileRecords.DATA_HEADER, n, at);
                        } catch (IOException x) {
                            throw new DiskException(x);
                        }
                        received += n;
                        unacked += n;
                        long now = clock.millis();
                        if (unacked >= ACK_BYTES || now - lastAck >= PROGRESS_MILLIS) {
                            ch.send(RecordType.FILE_ACK, new FileRecords.Ack(index, disk.written()).encode());
                            unacked = 0;
                            lastAck = now;
                        }
                    } else if (r.type() == RecordType.FILE_END) {
                        FileRecords.End end = FileRecords.End.decode(r.body());
                        if (end.index() != index || received != e.size()) {
                            throw new MalformedRecordException("FILE_END out of place");
                        }
                        try {
                            disk.drain();
                        } catch (IOException x) {
                            throw new DiskException(x);
                        }
                        disk.close();
                        byte[] ours = disk.digest();
                        if (!MessageDigest.isEqual(ours, end.sha256())) {
                            sink.close();
                            controlNow(t, RecordType.FILE_RESULT,
                                    new FileRecords.Result(t.idBytes, index, FileRecords.RESULT_HASH_MISMATCH, ours).encode());
                            throw new Fatal(FileRecords.HASH_MISMATCH, "hash-mismatch: " + e.path()
                                    + " arrived different from what was sent; the partial file is removed");
                        }
                        Path done;
                        try {
                            sink.force();
                            sink.close();
                            done = SafeNames.publish(p);
                        } catch (IOException x) {
                            throw new DiskException(x);
                        }
                        if (index == 0) {
                            deleteNote(note, p); // nothing left to resume
                        }
                        finished(t, index, done, ours);
                        break;
                    } else if (r.type() == RecordType.PING) {
                        ch.send(RecordType.FILE_ACK, new FileRecords.Ack(index, disk.written()).encode());
                    } else if (r.type() == RecordType.BYE) {
                        throw new java.io.EOFException("the sender left");
                    } else {
                        throw new MalformedRecordException("record type " + (r.type() & 0xff) + " from a sender");
                    }
                }
            }
            index = nextFile(t, index + 1);
            offset = 0;
        }
        step(() -> {
            if (t.generation == gen && t.running()) {
                t.state = "done";
                t.reason = null;
                t.stopped = true;
                emit(t);
            }
        });
        try {
            ch.bye();
        } catch (IOException ignored) {
            // the sender may have gone already: everything is here
        }
    }

    /** Closes a sink after {@code failure}, which keeps a failure to close as suppressed. */
    private static void closeAfter(Disk.Sink sink, Exception failure) {
        try {
            sink.close();
        } catch (IOException | RuntimeException c) {
            failure.addSuppressed(c);
        }
    }

    private int nextFile(Transfer t, int from) {
        int i = from;
        while (i < t.entries.size() && t.entries.get(i).directory()) {
            i++;
        }
        return i;
    }

    private void setState(Transfer t, int gen, String state, String reason) {
        step(() -> {
            if (t.generation == gen && t.running()) {
                t.state = state;
                t.reason = reason;
                emit(t);
            }
        });
    }

    private void controlNow(Transfer t, byte type, byte[] body) {
        step(() -> control(t.peer, type, body));
    }

    /** The receiver: one file verified and under its final name; the sender hears of it. */
    private void finished(Transfer t, int index, Path done, byte[] sha) {
        step(() -> {
            t.filesDone++;
            t.resumeIndex = nextFile(t, index + 1);
            t.writtenInFile = 0;
            if (t.fileCount == 1) {
                t.sha256 = HEX.formatHex(sha);
            }
            if (t.entries.size() == 1) {
                t.savedTo = done.toString();
            }
            control(t.peer, RecordType.FILE_RESULT, new FileRecords.Result(t.idBytes, index, FileRecords.OK, sha).encode());
        });
    }

    // ---- records from the peer, on its session's reader thread (never blocking)

    /** Wraps the chat engine: file records come here, everything else goes on to it. */
    public SessionListener tap(SessionListener chatListener) {
        return new SessionListener() {
            @Override
            public void sessionUp(Session session) {
                FileEngine.this.sessionUp(session); // first: once the peer shows online, it can be sent to
                chatListener.sessionUp(session);
            }

            @Override
            public void received(Session session, ChatRecord record) {
                if (record instanceof ChatRecord.File f) {
                    FileEngine.this.received(session, f);
                } else {
                    chatListener.received(session, record);
                }
            }

            @Override
            public void sessionDown(Session session, String reason) {
                chatListener.sessionDown(session, reason);
                FileEngine.this.sessionDown(session);
            }

            @Override
            public void dialFailed(InetSocketAddress address, String reason) {
                chatListener.dialFailed(address, reason);
            }

            @Override
            public void dialAbandoned(InetSocketAddress address) {
                chatListener.dialAbandoned(address);
            }

            @Override
            public void spoofDetected(String announced, String proven, InetSocketAddress from) {
                chatListener.spoofDetected(announced, proven, from);
            }

            @Override
            public void handshakeUnanswered(InetSocketAddress address, String fingerprint, int times) {
                chatListener.handshakeUnanswered(address, fingerprint, times);
            }

            @Override
            public void otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int moreAddresses) {
                chatListener.otherNetworkKey(from, theyUseAKey, moreAddresses);
            }
        };
    }

    void sessionUp(Session s) {
        step(() -> {
            sessions.put(s.fingerprint(), s);
            for (Transfer t : transfers.values()) {
                if (!t.peer.equals(s.fingerprint()) || t.dir != Dir.OUT) {
                    continue;
                }
                if (t.state.equals("offered") || t.interrupted) { // the same offer again: the receiver resumes
                    control(t.peer, RecordType.FILE_OFFER,
                            new FileRecords.Offer(t.idBytes, t.total, (byte) 0, t.entries).encode());
                }
            }
        });
    }

    void sessionDown(Session s) {
        step(() -> {
            if (sessions.get(s.fingerprint()) != s) {
                return;
            }
            sessions.remove(s.fingerprint());
            for (Transfer t : transfers.values()) {
                if (t.peer.equals(s.fingerprint()) && t.running() && !t.interrupted) {
                    interrupt(t, "connection lost; resumes when the peer is back");
                }
            }
        });
    }

    void received(Session s, ChatRecord.File f) {
        String peer = s.fingerprint();
        try {
            switch (f.type()) {
                case RecordType.FILE_OFFER -> offered(s, FileRecords.Offer.decode(f.body()));
                case RecordType.FILE_ACCEPT -> accepted(peer, FileRecords.Accept.decode(f.body()));
                case RecordType.FILE_DECLINE -> refused(peer, FileRecords.Refusal.decode(f.body()), true);
                case RecordType.FILE_CANCEL -> refused(peer, FileRecords.Refusal.decode(f.body()), false);
                case RecordType.FILE_RESULT -> result(peer, FileRecords.Result.decode(f.body()));
                default -> LOG.debug("ignoring file record {}", f.type());
            }
        } catch (MalformedRecordException e) {
            LOG.warn("malformed file record from {}: {}", peer, e.getMessage()); // net checked it already
        }
    }

    private void offered(Session s, FileRecords.Offer o) {
        String peer = s.fingerprint();
        List<List<String>> comps = new ArrayList<>();
        String bad = null;
        java.util.Set<String> dirs = new java.util.HashSet<>();
        for (FileRecords.Entry e : o.entries()) {
            try {
                List<String> c = SafeNames.components(e.path());
                if (c.size() > 1 && !dirs.contains(String.join("/", c.subList(0, c.size() - 1)))) {
                    throw new SafeNames.BadName("'" + e.path() + "' is not inside a folder of the offer");
                }
                if (e.directory()) {
                    dirs.add(String.join("/", c));
                }
                comps.add(c);
            } catch (SafeNames.BadName x) {
                bad = x.getMessage();
                break;
            }
        }
        PeerInfo info = chat.peer(peer).orElse(null);
        boolean trusted = info != null && info.trust() != Trust.CHANGED && !info.ignored();
        boolean verified = info != null && info.trust() == Trust.VERIFIED;
        String why = bad;
        Transfer auto = change(() -> {
            String id = HEX.formatHex(o.id());
            Transfer known = transfers.get(id);
            if (known != null) {
                // the same offer again: the sender has a new connection and resumes what we accepted
                if (known.peer.equals(peer) && known.dir == Dir.IN && known.running() && known.placed != null) {
                    if (!known.interrupted) {
                        interrupt(known, "connection lost; resuming");
                    }
                    known.resumeAsked = true;
                    if (!known.looping) {
                        resumeNow(known);
                    }
                }
                return null; // otherwise a repeat of an offer we have: nothing new
            }
            byte reason = why != null ? FileRecords.BAD_NAME : !trusted ? FileRecords.DECLINED : -1;
            long waiting = transfers.values().stream()
                    .filter(t -> t.dir == Dir.IN && t.state.equals("offered") && t.peer.equals(peer)).count();
            long all = transfers.values().stream().filter(t -> t.dir == Dir.IN && t.state.equals("offered")).count();
            if (reason < 0 && (waiting >= settings.maxOffersPerPeer() || all >= settings.maxOffers())) {
                reason = FileRecords.BUSY;
            }
            if (reason >= 0) {
                LOG.info("declined an offer from {}: {}", peer, why != null ? why : FileRecords.reasonName(reason));
                control(peer, RecordType.FILE_DECLINE, new FileRecords.Refusal(o.id(), reason).encode());
                return null;
            }
            Transfer t = new Transfer(o.id(), peer, Dir.IN, o.entries(), o.total());
            t.components = comps;
            transfers.put(t.id, t);
            expireLater(t);
            emit(t);
            if (settings.downloads() != null && noteable(t)) {
                effects.later(() -> workers.execute(() -> tellResumable(t)));
            }
            return settings.autoAcceptVerified() && verified && settings.downloads() != null ? t : null;
        });
        if (auto != null) {
            workers.execute(() -> {
                try {
                    accept(auto.id, null);
                } catch (ChatException e) {
                    LOG.info("auto-accept of transfer {} failed: {}", auto.n, e.getMessage());
                    step(() -> {
                        if (auto.state.equals("offered")) {
                            byte r = e.code().equals("no-space") ? FileRecords.NO_SPACE : FileRecords.DECLINED;
                            control(auto.peer, RecordType.FILE_DECLINE, new FileRecords.Refusal(auto.idBytes, r).encode());
                            end(auto, "declined", e.getMessage());
                        }
                    });
                }
            });
        }
    }

    /**
     * On a worker: an offer whose first file has a partial file in {@code downloads} from an earlier try
     * says so ("resume: 24 MB of 64 MB already in downloads"), before the user answers.
     */
    private void tellResumable(Transfer t) {
        SafeNames.Resumable r;
        try {
            Path real = settings.downloads().toRealPath();
            r = SafeNames.findResumable(settings.notes(), resumeNoteName(t, real), real, t.entries.get(0).size());
        } catch (IOException e) {
            LOG.debug("no resume note read: {}", e.toString());
            return;
        }
        if (r == null || r.offset() == 0 || heldByAnother(t, r.placed().part())) {
            return;
        }
        step(() -> {
            if (t.state.equals("offered") && t.reason == null) {
                t.reason = "resume: " + Units.bytes(r.offset()) + " of " + Units.bytes(t.entries.get(0).size())
                        + " already in downloads";
                emit(t);
            }
        });
    }

    private void accepted(String peer, FileRecords.Accept a) {
        step(() -> {
            Transfer t = transfers.get(HEX.formatHex(a.id()));
            if (t == null || !t.peer.equals(peer) || t.dir != Dir.OUT || !(t.state.equals("offered") || t.running())) {
                return;
            }
            if (t.running() && !t.interrupted) {
                // the receiver answered an offer made again: it restarted its side, so we restart ours from
                // where it says (the channel we have is one it no longer reads)
                interrupt(t, "resuming");
            }
            if (a.index() > t.entries.size() || (a.index() < t.entries.size() && a.offset() > t.entries.get(a.index()).size())) {
                control(peer, RecordType.FILE_CANCEL, new FileRecords.Refusal(t.idBytes, FileRecords.CANCELLED).encode());
                end(t, "failed", "the peer asked to resume past the end");
                return;
            }
            t.resumeIndex = a.index();
            t.resumeOffset = a.offset();
            t.interrupted = false;
            t.state = "accepted";
            t.reason = null;
            startIfNothingToSend(t);
            dialIfWeDial(t);
            emit(t);
        });
    }

    private void refused(String peer, FileRecords.Refusal r, boolean decline) {
        step(() -> {
            Transfer t = transfers.get(HEX.formatHex(r.id()));
            if (t == null || !t.peer.equals(peer) || t.finished()) {
                return;
            }
            String name = FileRecords.reasonName(r.reason());
            if (decline && t.dir == Dir.OUT && t.state.equals("offered")) {
                end(t, r.reason() == FileRecords.EXPIRED ? "expired" : "declined", name);
            } else if (!decline) {
                end(t, r.reason() == FileRecords.CANCELLED ? "cancelled" : r.reason() == FileRecords.EXPIRED
                        ? "expired" : "failed", r.reason() == FileRecords.CANCELLED ? "cancelled by the peer" : name);
            }
        });
    }

    private void result(String peer, FileRecords.Result r) {
        step(() -> {
            Transfer t = transfers.get(HEX.formatHex(r.id()));
            if (t == null || !t.peer.equals(peer) || t.dir != Dir.OUT || !t.running()) {
                return;
            }
            if (r.status() != FileRecords.OK) {
                end(t, "failed", r.status() == FileRecords.RESULT_HASH_MISMATCH ? "hash-mismatch" : "write-error");
                return;
            }
            t.filesDone++;
            t.resumeIndex = Math.max(t.resumeIndex, r.index() + 1);
            t.resumeOffset = 0;
            if (t.fileCount == 1) {
                t.sha256 = HEX.formatHex(r.sha256());
            }
            if (t.filesDone >= t.fileCount) {
                t.state = "done";
                t.reason = null;
                t.stopped = true;
                t.bytes.set(t.total);
                emit(t);
            }
        });
    }
}
