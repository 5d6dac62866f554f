package dev.ssekit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the vectors of {@code spec/vectors}. Lists are in file order, files sorted by name. */
public final class Vectors {

    private static volatile List<ParseVector> parse;
    private static volatile List<EncodeVector> encode;
    private static volatile List<StreamVector> stream;
    private static volatile List<TortureVector> torture;
    private static volatile List<ClientScenario> client;

    private Vectors() {
    }

    public static List<ParseVector> parse() {
        List<ParseVector> p = parse;
        if (p == null) {
            p = new ArrayList<>();
            for (String file : SpecFiles.vectorFiles("parse")) {
                JsonNode root = SpecFiles.readTree(file);
                String group = root.path("group").asText();
                for (JsonNode v : root.path("vectors")) {
                    p.add(parseVector(group, v));
                }
            }
            parse = p = Collections.unmodifiableList(p);
        }
        return p;
    }

    public static List<EncodeVector> encode() {
        List<EncodeVector> e = encode;
        if (e == null) {
            e = new ArrayList<>();
            for (String file : SpecFiles.vectorFiles("encode")) {
                JsonNode root = SpecFiles.readTree(file);
                String group = root.path("group").asText();
                for (JsonNode v : root.path("vectors")) {
                    e.add(encodeVector(group, v));
                }
            }
            encode = e = Collections.unmodifiableList(e);
        }
        return e;
    }

    public static List<StreamVector> stream() {
        List<StreamVector> s = stream;
        if (s == null) {
            s = new ArrayList<>();
            for (String file : SpecFiles.vectorFiles("stream")) {
                JsonNode root = SpecFiles.readTree(file);
                String group = root.path("group").asText();
                for (JsonNode v : root.path("vectors")) {
                    s.add(streamVector(group, v));
                }
            }
            stream = s = Collections.unmodifiableList(s);
        }
        return s;
    }

    public static List<TortureVector> torture() {
        List<TortureVector> t = torture;
        if (t == null) {
            t = new ArrayList<>();
            for (String file : SpecFiles.vectorFiles("torture")) {
                JsonNode root = SpecFiles.readTree(file);
                String group = root.path("group").asText();
                for (JsonNode v : root.path("vectors")) {
                    t.add(tortureVector(group, v));
                }
            }
            torture = t = Collections.unmodifiableList(t);
        }
        return t;
    }

    /** The client scenarios of {@code vectors/client} (see {@link ClientScenario}). */
    public static List<ClientScenario> client() {
        List<ClientScenario> c = client;
        if (c == null) {
            c = new ArrayList<>();
            for (String file : SpecFiles.vectorFiles("client")) {
                JsonNode root = SpecFiles.readTree(file);
                String group = root.path("group").asText();
                for (JsonNode v : root.path("vectors")) {
                    c.add(clientScenario(group, v));
                }
            }
            client = c = Collections.unmodifiableList(c);
        }
        return c;
    }

    private static ClientScenario clientScenario(String group, JsonNode v) {
        String id = v.path("id").asText();
        JsonNode c = v.path("config");
        Long initialDelay = !c.has("initialDelayMs") ? Long.valueOf(ClientScenario.DEFAULT_INITIAL_DELAY_MS)
                : c.get("initialDelayMs").isNull() ? null : c.get("initialDelayMs").asLong();
        ClientScenario.Config config = new ClientScenario.Config(initialDelay, optText(c, "lastEventId"),
                stringMap(c.path("headers")), optText(c, "method"), optText(c, "body"), c.path("closeOnError").asBoolean(false));
        List<ClientScenario.Attempt> attempts = new ArrayList<>();
        for (JsonNode a : v.path("attempts")) {
            JsonNode d = a.get("delayMs");
            ClientScenario.Delay delay = d == null ? null : new ClientScenario.Delay(d.path("min").asLong(), d.path("max").asLong());
            ClientScenario.Request request = null;
            if (a.has("request")) {
                JsonNode r = a.get("request");
                JsonNode lei = r.get("lastEventId");
                byte[] leiBytes = lei == null || lei.isNull() ? null
                        : lei.isTextual() ? lei.asText().getBytes(StandardCharsets.UTF_8)
                        : Base64.getDecoder().decode(lei.path("base64").asText());
                request = new ClientScenario.Request(optText(r, "method"), optText(r, "accept"), optText(r, "cacheControl"),
                        lei != null && lei.isNull(), leiBytes, r.has("headers") ? stringMap(r.get("headers")) : null,
                        optText(r, "body"));
            }
            ClientScenario.Response response = null;
            if (a.has("response")) {
                JsonNode r = a.get("response");
                int status = r.path("status").asInt(200);
                String contentType = r.has("contentType") ? optText(r, "contentType") : status == 200 ? "text/event-stream" : null;
                List<ClientScenario.Step> steps = new ArrayList<>();
                for (JsonNode s : r.path("body")) {
                    boolean bytewise = s.path("bytewise").asBoolean(false);
                    if (s.has("text")) {
                        steps.add(new ClientScenario.Step(s.get("text").asText().getBytes(StandardCharsets.UTF_8), bytewise, null, null, false));
                    } else if (s.has("base64")) {
                        steps.add(new ClientScenario.Step(Base64.getDecoder().decode(s.get("base64").asText()), bytewise, null, null, false));
                    } else if (s.has("pauseMs")) {
                        steps.add(new ClientScenario.Step(null, false, s.get("pauseMs").asLong(), null, false));
                    } else if (s.has("awaitEvents")) {
                        steps.add(new ClientScenario.Step(null, false, null, s.get("awaitEvents").asInt(), false));
                    } else if (s.has("closeClient")) {
                        steps.add(new ClientScenario.Step(null, false, null, null, true));
                    } else {
                        throw new IllegalStateException("scenario " + id + ": unknown body step " + s);
                    }
                }
                response = new ClientScenario.Response(status, contentType, stringMap(r.path("headers")),
                        r.path("cors").asBoolean(true), Collections.unmodifiableList(steps), r.path("end").asText("close"));
            }
            ClientScenario.Redirect redirect = a.has("redirect")
                    ? new ClientScenario.Redirect(a.get("redirect").path("status").asInt(), a.get("redirect").path("to").asText())
                    : null;
            attempts.add(new ClientScenario.Attempt(a.path("path").asText(ClientScenario.MAIN_PATH), delay, request, response,
                    redirect, optText(a, "drop")));
        }
        JsonNode e = v.path("expect");
        ClientScenario.Expect expect = new ClientScenario.Expect(events(e.path("events")), e.path("errors").path("min").asInt(0),
                e.hasNonNull("noFurtherAttemptMs") ? e.get("noFurtherAttemptMs").asLong() : null);
        return new ClientScenario(id, group, v.path("description").asText(), strings(v.path("requirements")),
                strings(v.path("needs")), config, Collections.unmodifiableList(attempts), expect);
    }

    private static Map<String, String> stringMap(JsonNode obj) {
        Map<String, String> m = new LinkedHashMap<>();
        obj.properties().forEach(f -> m.put(f.getKey(), f.getValue().asText()));
        return Collections.unmodifiableMap(m);
    }

    private static TortureVector tortureVector(String group, JsonNode v) {
        List<TortureVector.Step> steps = new ArrayList<>();
        for (JsonNode s : v.path("send")) {
            if (s.has("text")) {
                steps.add(TortureVector.Step.text(s.get("text").asText(), 1));
            } else if (s.has("repeat")) {
                steps.add(TortureVector.Step.text(s.get("repeat").path("text").asText(), s.get("repeat").path("times").asInt()));
            } else if (s.has("base64")) {
                steps.add(TortureVector.Step.bytes(Base64.getDecoder().decode(s.get("base64").asText())));
            } else if (s.has("pauseMs")) {
                steps.add(TortureVector.Step.pause(s.get("pauseMs").asLong()));
            } else if (s.has("shutdownOutput")) {
                steps.add(TortureVector.Step.halfClose());
            } else {
                throw new IllegalStateException("vector " + v.path("id").asText() + ": unknown send step " + s);
            }
        }
        return new TortureVector(v.path("id").asText(), group, v.path("description").asText(),
                strings(v.path("requirements")), strings(v.path("needs")), Collections.unmodifiableList(steps),
                optText(v, "scenario"), v.path("params"), v.path("expected"));
    }

    private static StreamVector streamVector(String group, JsonNode v) {
        JsonNode config = v.get("config");
        JsonNode expected = v.path("expected");
        String id = v.path("id").asText();
        if (v.hasNonNull("scenario")) {
            return new StreamVector(id, group, v.path("description").asText(), strings(v.path("requirements")),
                    config, null, null, v.get("scenario").asText(), v.path("params"), expected);
        }
        JsonNode r = v.path("request");
        Map<String, String> headers = new LinkedHashMap<>();
        r.path("headers").properties().forEach(f -> headers.put(f.getKey(), f.getValue().asText()));
        StreamVector.Request request = new StreamVector.Request(r.path("method").asText("GET"), r.path("path").asText(),
                Collections.unmodifiableMap(headers), optText(r, "body"));
        Map<String, String> expHeaders = new LinkedHashMap<>();
        expected.path("headers").properties().forEach(f -> expHeaders.put(f.getKey(), f.getValue().asText()));
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        expected.path("headerTokens").properties().forEach(f -> tokens.put(f.getKey(), strings(f.getValue())));
        StreamVector.Expected exp = new StreamVector.Expected(
                expected.hasNonNull("status") ? expected.get("status").asInt() : null,
                Collections.unmodifiableMap(expHeaders), Collections.unmodifiableMap(tokens),
                strings(expected.path("absentHeaders")), expected.path("opensWithRetry").asBoolean(false),
                expected.has("events") ? events(expected.get("events")) : null, optText(expected, "end"),
                strings(expected.path("bodyContains")), strings(expected.path("jsonFields")));
        return new StreamVector(id, group, v.path("description").asText(), strings(v.path("requirements")), config,
                request, exp, null, null, null);
    }

    private static ParseVector parseVector(String group, JsonNode v) {
        byte[] input = bytes(v, "input", "inputBase64");
        JsonNode split = v.path("splitAt");
        int[] splitAt = new int[split.size()];
        for (int i = 0; i < splitAt.length; i++) {
            splitAt[i] = split.get(i).asInt();
        }
        JsonNode expected = v.path("expected");
        return new ParseVector(v.path("id").asText(), group, v.path("description").asText(), strings(v.path("requirements")),
                input, splitAt, events(expected.path("events")), retry(expected));
    }

    private static EncodeVector encodeVector(String group, JsonNode v) {
        JsonNode ev = v.path("event");
        EncodeInput input = new EncodeInput(optText(ev, "comment"),
                ev.hasNonNull("retry") ? ev.get("retry").asLong() : null,
                optText(ev, "id"), optText(ev, "event"), optText(ev, "data"));
        JsonNode expected = v.path("expected");
        JsonNode error = expected.get("error");
        if (error != null) {
            return new EncodeVector(v.path("id").asText(), group, v.path("description").asText(),
                    strings(v.path("requirements")), input, null, error.path("field").asText(),
                    error.path("reason").asText(), List.of(), null);
        }
        JsonNode parsed = expected.path("parsed");
        return new EncodeVector(v.path("id").asText(), group, v.path("description").asText(),
                strings(v.path("requirements")), input, bytes(expected, "bytes", "bytesBase64"), null, null,
                events(parsed.path("events")), retry(parsed));
    }

    private static byte[] bytes(JsonNode n, String textField, String base64Field) {
        if (n.hasNonNull(textField)) {
            return n.get(textField).asText().getBytes(StandardCharsets.UTF_8);
        }
        if (n.hasNonNull(base64Field)) {
            return Base64.getDecoder().decode(n.get(base64Field).asText());
        }
        throw new IllegalStateException("vector " + n.path("id").asText("?") + ": neither " + textField + " nor " + base64Field);
    }

    private static List<ExpectedEvent> events(JsonNode arr) {
        List<ExpectedEvent> events = new ArrayList<>();
        for (JsonNode e : arr) {
            events.add(new ExpectedEvent(e.path("type").asText(), e.path("data").asText(), e.path("lastEventId").asText()));
        }
        return Collections.unmodifiableList(events);
    }

    private static BigInteger retry(JsonNode expected) {
        JsonNode r = expected.get("retry");
        return r == null || r.isNull() ? null : new BigInteger(r.asText());
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return Collections.unmodifiableList(out);
    }

    private static String optText(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
