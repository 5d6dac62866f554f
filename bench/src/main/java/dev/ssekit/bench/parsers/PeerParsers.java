package dev.ssekit.bench.parsers;

import java.util.List;

/** Every parser the comparison runs, ours first; and the benchmark's {@link FloorParser}, which is not a peer. */
public final class PeerParsers {

    private PeerParsers() {
    }

    public static List<PeerParser> all() {
        return List.of(new OursParser(), new OkHttpParser(), new LaunchDarklyParser(), new VertxParser(), new SpringParser());
    }

    /** The benchmark's yardstick: timed next to the parsers, never ranked or checked against the vectors with them. */
    public static PeerParser floor() {
        return new FloorParser();
    }

    /** A parser of {@link #all()}, or the floor. */
    public static PeerParser byName(String name) {
        if (name.equals(FloorParser.NAME)) {
            return floor();
        }
        return all().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown parser " + name + "; known: "
                        + all().stream().map(PeerParser::name).toList() + " and " + FloorParser.NAME));
    }
}
