package dev.ssekit.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The load client as a child process ({@link AgentClients} starts it): a {@link LoadClient} driven by commands on
 * stdin, reporting on stdout, one JSON object per line. It exits when stdin closes (the parent went away), on
 * {@code exit}, or when its time bound passes.
 *
 * <p>Arguments: {@code host port firstSource sourceCount maxConnections maxDurationMs}; it binds to
 * 127.0.0.firstSource .. 127.0.0.(firstSource+sourceCount-1).
 *
 * <p>Commands: {@code open N PATH}, {@code abort}, {@code stat ID}, {@code hist ID}, {@code counts ID},
 * {@code clock ID}, {@code exit}. Output: {@code ready} once, {@code stat} every 50 ms and on request, and one
 * reply per request carrying its ID. Histograms travel as HdrHistogram's compressed form in base64.
 */
public final class LoadAgent {

    static final long STAT_EVERY_MS = 50;

    private final LoadClient client;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    private LoadAgent(LoadClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LoadAgent host port firstSource sourceCount maxConnections maxDurationMs");
            System.exit(2);
        }
        // stdout carries the protocol only
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        LoadClient client = new LoadClient(args[0], Integer.parseInt(args[1]),
                LoadClient.sourceRange(Integer.parseInt(args[2]), Integer.parseInt(args[3])), Integer.parseInt(args[4]),
                Long.parseLong(args[5]));
        LoadAgent agent = new LoadAgent(client, out);
        Thread ticker = new Thread(agent::tick, "agent-stat");
        ticker.setDaemon(true);
        ticker.start();
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("type", "ready");
        ready.put("pid", ProcessHandle.current().pid());
        ready.put("nanoTime", System.nanoTime());
        agent.send(ready);
        int status = agent.commands(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)));
        client.close();
        System.exit(status);
    }

    /** Reads commands until stdin closes or {@code exit}; returns the exit status. */
    private int commands(BufferedReader in) throws IOException, InterruptedException {
        String line;
        while ((line = in.readLine()) != null) {
            String[] p = line.trim().split(" ", 3);
            switch (p[0]) {
                case "open" -> client.open(Integer.parseInt(p[1]), p[2]);
                case "abort" -> client.abortAll();
                case "stat" -> send(stat(p[1]));
                case "hist" -> {
                    Map<String, Object> m = reply("hist", p[1]);
                    m.put("latency", encode(client.takeLatency()));
                    m.put("firstEvent", encode(client.takeFirstEvent()));
                    send(m);
                }
                case "counts" -> {
                    long[] c = client.eventCountsPerConnection();
                    java.util.LongSummaryStatistics st = java.util.stream.LongStream.of(c).summaryStatistics();
                    Map<String, Object> m = reply("counts", p[1]);
                    m.put("n", c.length);
                    m.put("min", c.length == 0 ? 0 : st.getMin());
                    m.put("max", c.length == 0 ? 0 : st.getMax());
                    send(m);
                }
                case "clock" -> {
                    Map<String, Object> m = reply("clock", p[1]);
                    m.put("nanoTime", System.nanoTime());
                    send(m);
                }
                case "exit" -> {
                    return 0;
                }
                case "" -> {
                    // blank line: ignore
                }
                default -> {
                    Map<String, Object> m = reply("error", "0");
                    m.put("error", "unknown command " + p[0]);
                    send(m);
                }
            }
        }
        return 0; // stdin closed: the parent is gone or done
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(STAT_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            send(stat("0"));
            if (!client.running()) {
                return; // time bound passed; stdin EOF or exit ends the process
            }
        }
    }

    private static Map<String, Object> reply(String type, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("id", Long.parseLong(id));
        return m;
    }

    private Map<String, Object> stat(String id) {
        Map<String, Object> m = reply("stat", id);
        m.put("events", client.events());
        m.put("open", client.openConnections());
        m.put("established", client.established());
        m.put("failed", client.failed());
        m.put("lost", client.lost());
        m.put("completed", client.completed());
        m.put("cpuNanos", client.cpuNanos());
        m.put("running", client.running());
        return m;
    }

    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    static Histogram decode(String s) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(s)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("bad histogram from agent", e);
        }
    }

    private synchronized void send(Map<String, Object> m) {
        try {
            out.println(json.writeValueAsString(m));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
