// Loaded with `node --require` before the tutorial's server.js, which stays unchanged: its app.listen(3000) listens
// on 127.0.0.1 and a port the system picks instead, and that port is written to the file SSE_KIT_PORT_FILE names.
'use strict';
const fs = require('fs');
const net = require('net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callback = args.find((a) => typeof a === 'function');
  this.once('listening', () => {
    const file = process.env.SSE_KIT_PORT_FILE;
    // written whole, then renamed, so the test never reads half a number
    fs.writeFileSync(file + '.tmp', String(this.address().port));
    fs.renameSync(file + '.tmp', file);
  });
  return callback ? listen.call(this, 0, '127.0.0.1', callback) : listen.call(this, 0, '127.0.0.1');
};
