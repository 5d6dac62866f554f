package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SuiteSettingsTest {

    @Test
    @DisplayName("[API-010,API-020,API-021,API-024,CORS-005] the suite's settings satisfy the config of every stream vector")
    void satisfyEveryVector() {
        List<String> off = new ArrayList<>();
        int withConfig = 0;
        for (StreamVector v : Vectors.stream()) {
            if (v.config() != null) {
                withConfig++;
                SuiteSettings.STANDARD.mismatches(v.config()).forEach(m -> off.add(v.id() + ": " + m));
            }
        }
        assertEquals(List.of(), off);
        assertTrue(withConfig >= 8, "vectors with a config: " + withConfig);
    }

    @Test
    @DisplayName("[API-010] a config the settings do not satisfy is named, setting by setting")
    void mismatchesAreNamed() throws Exception {
        List<String> off = SuiteSettings.STANDARD.mismatches(SpecFiles.json().readTree(
                "{\"heartbeatMs\": 300, \"publishToken\": \"s3cret\", \"colour\": \"red\"}"));
        assertEquals(List.of("heartbeatMs 300 wanted, 200", "colour \"red\" wanted, no such setting"), off);
    }
}
