import { run } from './main.js';

// Exit as soon as run() is done: the Go (wasm) runtime of HashiCorp's parser can keep a timer
// pending after the work is finished. run() has set the exit code through core.setFailed.
void run().finally(() => process.exit());
