// Placeholder until the foundation issue's stage lands.
process.stdout.write('checkov-check: not implemented yet\n');
