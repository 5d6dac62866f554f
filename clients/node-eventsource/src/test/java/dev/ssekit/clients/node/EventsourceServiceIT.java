package dev.ssekit.clients.node;

import dev.ssekit.clientservice.AdapterChecks;

/** The eventsource npm package's test service passes the adapter checks: events, listen, DELETE, DELETE /. */
class EventsourceServiceIT extends AdapterChecks {

    @Override
    protected Service startService() throws Exception {
        return EventsourceService.start();
    }
}
