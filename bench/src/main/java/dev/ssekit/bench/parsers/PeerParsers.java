package dev.ssekit.bench.parsers;

import java.util.List;

/** Every parser the comparison runs, ours first. */
public final class PeerParsers {

    private PeerParsers() {
    }

    public static List<PeerParser> all() {
        return List.of(new OursParser(), new OkHttpParser(), new LaunchDarklyParser(), new VertxParser(), new SpringParser());
    }

    public static PeerParser byName(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown parser " + name + "; known: "
                        + all().stream().map(PeerParser::name).toList()));
    }
}
