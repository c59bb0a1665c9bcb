// Placeholder until the foundation issue's stage lands.
process.stdout.write('hcl-check: not implemented yet\n');
