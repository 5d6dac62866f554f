package dev.ssekit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The requirements of {@code spec/requirements.json}, in file order. */
public final class Requirements {

    /** {@code AREA-NNN}. */
    public static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*-[0-9]{3}");
    /** A display name that cites requirements: {@code [PARSE-004] ...} or {@code [PARSE-004,PARSE-007] ...}. */
    public static final Pattern CITATION = Pattern.compile("^\\[([A-Z][A-Z0-9]*-[0-9]{3}(?:\\s*,\\s*[A-Z][A-Z0-9]*-[0-9]{3})*)\\]");

    private static volatile Requirements loaded;

    private final Map<String, Requirement> byId;

    private Requirements(Map<String, Requirement> byId) {
        this.byId = byId;
    }

    public static synchronized Requirements load() {
        Requirements r = loaded;
        if (r == null) {
            r = parse(SpecFiles.readTree("requirements.json"));
            loaded = r;
        }
        return r;
    }

    static Requirements parse(JsonNode root) {
        Map<String, Requirement> map = new LinkedHashMap<>();
        for (JsonNode n : root.path("requirements")) {
            Requirement req = new Requirement(text(n, "id"), text(n, "level"), text(n, "side"), text(n, "title"),
                    text(n, "quote"), text(n, "anchor"), text(n, "section"), text(n, "untestable"));
            if (map.putIfAbsent(req.id(), req) != null) {
                throw new IllegalStateException("requirements.json: duplicate id " + req.id());
            }
        }
        return new Requirements(Collections.unmodifiableMap(map));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public List<Requirement> all() {
        return new ArrayList<>(byId.values());
    }

    public Optional<Requirement> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Requirement get(String id) {
        Requirement r = byId.get(id);
        if (r == null) {
            throw new IllegalArgumentException("unknown requirement ID " + id + " (not in spec/requirements.json)");
        }
        return r;
    }

    /** The IDs a display name cites, or an empty list when it cites none. */
    public static List<String> cited(String displayName) {
        List<String> ids = new ArrayList<>();
        if (displayName == null) {
            return ids;
        }
        Matcher m = CITATION.matcher(displayName);
        if (m.find()) {
            for (String s : m.group(1).split(",")) {
                ids.add(s.trim());
            }
        }
        return ids;
    }
}
