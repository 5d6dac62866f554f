package dev.ssekit.cli;

import dev.ssekit.cluster.Balancer;
import dev.ssekit.cluster.LocalCluster;
import dev.ssekit.cluster.NodeProcess;
import dev.ssekit.server.redis.RedisFeedStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sse-kit serve --nodes N --redis URL}: N nodes of this same command ({@code serve --server undertow|vertx}) as
 * child JVMs on PORT+1..PORT+N, each with the feed on the Redis stream, and Debian's HAProxy on PORT in front, round
 * robin with no stickiness. Runs until interrupted; a shutdown hook stops the balancer and the nodes.
 */
final class ClusterServe {

    /** Undertow first, then Vert.x, in turn. */
    static final List<String> SERVERS = List.of("undertow", "vertx");

    /** What the command line gave; {@code passThrough} are the serve options every node gets as they are. */
    record Settings(int nodes, int port, Path balancer, String redis, String redisKey, String publishToken,
            List<String> passThrough) {
    }

    private final Settings settings;
    private final PrintWriter out;

    ClusterServe(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** The server the i-th node (0-based) runs. */
    static String server(int i) {
        return SERVERS.get(i % SERVERS.size());
    }

    /** The arguments of the i-th node's {@code serve}, listening on {@code port}. */
    List<String> nodeArgs(int i, int port) {
        List<String> args = new ArrayList<>(List.of("serve", "--server", server(i), "--port", Integer.toString(port),
                "--host", "127.0.0.1", "--redis", settings.redis(), "--redis-key", settings.redisKey()));
        args.addAll(settings.passThrough());
        // a serve ended by SIGKILL runs no shutdown hook: each node watches it and goes with it
        args.addAll(List.of("--exit-with", Long.toString(ProcessHandle.current().pid())));
        return args;
    }

    int run() throws InterruptedException {
        Path dir;
        try {
            dir = Files.createTempDirectory("sse-kit-cluster-");
        } catch (IOException e) {
            throw new CommandFailure(2, "sse-kit serve: cannot create a folder for the cluster's logs: " + e.getMessage());
        }
        List<LocalCluster.Node> specs = new ArrayList<>();
        for (int i = 0; i < settings.nodes(); i++) {
            int index = i;
            int nodePort = settings.port() == 0 ? 0 : settings.port() + 1 + i;
            specs.add(new LocalCluster.Node(server(i), nodePort, p -> nodeArgs(index, p)));
        }
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(LocalCluster.currentClassPath(), List.of(), Main.class.getName(), specs, dir,
                    LocalCluster.DEFAULT_START_MILLIS);
        } catch (RuntimeException e) {
            throw new CommandFailure(2, "sse-kit serve: cannot start the cluster: " + e.getMessage());
        }
        Balancer lb;
        try {
            lb = settings.balancer() != null ? Balancer.start(settings.balancer(), dir, settings.port(), cluster.ports())
                    : Balancer.start(dir, settings.port(), cluster.ports());
        } catch (RuntimeException e) {
            cluster.close();
            throw new CommandFailure(2, "sse-kit serve: cannot start the balancer: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lb.close();
            cluster.close();
            stopped.countDown();
        }, "sse-kit-cluster-shutdown"));

        for (int i = 0; i < cluster.nodes().size(); i++) {
            NodeProcess n = cluster.node(i);
            out.printf("node %d   %-8s %s  pid %d  log %s%n", i + 1, n.name(), n.url(), n.pid(), n.log());
        }
        String base = lb.url();
        out.printf("balancer %s/  (HAProxy pid %d: round robin over %d nodes, no stickiness, health check GET /api/stats;"
                + " config %s)%n", base, lb.pid(), cluster.nodes().size(), lb.config());
        out.printf("feed     %s stream %s%n", RedisFeedStore.redacted(settings.redis()), settings.redisKey());
        out.printf("listen   ./sse-kit listen %s/api/feed  (reconnects with Last-Event-ID; curl -N does not)%n", base);
        if (settings.publishToken() != null) {
            out.printf("publish  curl -X POST -H 'Authorization: Bearer %s' --data hello %s/api/feed%n",
                    settings.publishToken(), base);
        } else {
            out.println("publish  off: give --publish-token TOKEN to allow POST /api/feed");
        }
        out.printf("failover kill PID (a node's pid above): its streams reconnect through the balancer to another node"
                + " and resume with Last-Event-ID%n");
        out.printf("logs     %s%n", dir);
        out.println("Ctrl-C stops.");
        out.flush();

        for (NodeProcess n : cluster.nodes()) {
            n.onExit().thenAccept(p -> {
                if (!n.closing()) {
                    synchronized (out) {
                        out.printf("node %s %s (pid %d) exited with status %d; the balancer sends its requests to the"
                                + " others (log %s)%n", n.name(), n.url(), n.pid(), p.exitValue(), n.log());
                        out.flush();
                    }
                }
            });
        }
        stopped.await();
        return 0;
    }
}
