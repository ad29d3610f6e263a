// A tiny SMTP server on 127.0.0.1 that accepts every message and keeps it: enough of RFC 5321
// for nodemailer's plain (no TLS, no auth) delivery in tests.
import { createServer, type Socket } from 'node:net';

export interface CapturedMail { from: string; to: string[]; data: string }

export async function startSmtpCapture() {
  const mails: CapturedMail[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let mail: CapturedMail = { from: '', to: [], data: '' };
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 capture ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          mails.push(mail);
          mail = { from: '', to: [], data: '' };
          inData = false;
          reply('250 OK queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 capture');
        else if (verb === 'MAIL') { mail.from = line.slice(10); reply('250 OK'); }
        else if (verb === 'RCPT') { mail.to.push(line.slice(8)); reply('250 OK'); }
        else if (verb === 'DATA') { inData = true; reply('354 go on'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else reply('250 OK');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
