import WebSocket from 'ws';

/**
 * A separate process holding many subscribers (forked by fanout.ts): each connects with a user's
 * token, subscribes to taskChanged, and records delivery latency against the event's time.
 */
interface Start {
  url: string;
  tokens: string[];
  connections: number;
}

const latencies: number[] = [];
const sockets: WebSocket[] = [];
const QUERY = 'subscription { taskChanged { taskId eventId at } }';

function connect(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    sockets.push(socket);
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
        setTimeout(resolve, 5);
      } else if (message.type === 'next') {
        latencies.push(Date.now() - Date.parse(message.payload.data.taskChanged.at));
      }
    });
  });
}

process.on('message', async (command: { type: string } & Partial<Start>) => {
  if (command.type === 'start') {
    const { url, tokens, connections } = command as Start;
    for (let i = 0; i < connections; i += 200) {
      await Promise.all(Array.from({ length: Math.min(200, connections - i) }, (_, j) => connect(url, tokens[(i + j) % tokens.length])));
    }
    process.send!({ type: 'ready' });
  } else if (command.type === 'report') {
    process.send!({ type: 'report', latencies: latencies.splice(0) });
  } else if (command.type === 'stop') {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
