package dev.ssekit.subjects.servlet;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.filters.CorsFilter;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat serving {@link SseServlet} at /api/sse, with Tomcat's own CORS filter open to any origin.
 * {@code java -jar ...-all.jar [port]} listens on 127.0.0.1:3000 by default.
 */
public final class TutorialServer {

    private TutorialServer() {
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = start("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 3000);
        System.out.println("listening on http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/api/sse");
        tomcat.getServer().await();
    }

    /** Starts Tomcat on {@code address} and {@code port} (0: a free one, {@code getConnector().getLocalPort()}). */
    public static Tomcat start(String address, int port) throws LifecycleException, IOException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", address);
        tomcat.setConnector(connector);

        Context ctx = tomcat.addContext("", null);
        Tomcat.addServlet(ctx, "sse", new SseServlet()).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/api/sse", "sse");

        FilterDef cors = new FilterDef();
        cors.setFilterName("cors");
        cors.setFilterClass(CorsFilter.class.getName());
        cors.addInitParameter(CorsFilter.PARAM_CORS_ALLOWED_ORIGINS, "*");
        cors.setAsyncSupported("true");
        ctx.addFilterDef(cors);
        FilterMap all = new FilterMap();
        all.setFilterName("cors");
        all.addURLPattern("/*");
        ctx.addFilterMap(all);

        tomcat.start();
        return tomcat;
    }
}
