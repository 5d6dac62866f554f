package dev.ssekit.server.redis;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;

/** The whole server conformance suite against Undertow with its feed on a Redis stream. */
class UndertowRedisConformanceIT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        return RedisSubjects.start("undertow", settings);
    }
}
