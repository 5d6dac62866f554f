package dev.ssekit.clients.node;

import dev.ssekit.clientservice.AdapterChecks;

/** Node's built-in EventSource's test service passes the adapter checks: events, listen, DELETE, DELETE /. */
class UndiciServiceIT extends AdapterChecks {

    @Override
    protected Service startService() throws Exception {
        return UndiciService.start();
    }
}
