import { run } from './main.js';

// run() reports every failure itself (core.setFailed).
void run();
