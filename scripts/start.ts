// Placeholder until the foundation issue's stage lands.
process.stdout.write('start: not implemented yet\n');
