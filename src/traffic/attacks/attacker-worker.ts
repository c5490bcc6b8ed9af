// Entry of the attacker process (forked by attacker.ts): runs one attack per 'run' message, replies with its result.
import type { AttackerMessage, AttackerReply } from './protocol.js';
import { runAttack } from './run-attack.js';

function reply(message: AttackerReply): void {
  process.send?.(message);
}

process.on('message', (message: AttackerMessage) => {
  if (message.type === 'exit') process.exit(0);
  if (message.type !== 'run') return;
  runAttack(message.spec).then(
    (result) => reply({ type: 'result', result }),
    (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
