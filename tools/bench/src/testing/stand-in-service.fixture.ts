// A stand-in for a service the bench starts: STAND_IN=healthy answers /health on PORT,
// STAND_IN=silent runs and logs but never listens (a service stuck while starting).
import { createServer } from 'node:http';

const mode = process.env.STAND_IN ?? 'healthy';
console.log(`stand-in: ${mode} on port ${process.env.PORT}${process.env.ROLE ? ` as ${process.env.ROLE}` : ''}`);
if (mode === 'healthy') {
  createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')).listen(
    Number(process.env.PORT),
    '127.0.0.1',
  );
} else {
  setInterval(() => console.log('stand-in: still starting'), 1_000);
}
