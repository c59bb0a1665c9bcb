// Loaded with `node --import` by the exit-code tests: the first non-empty write to stdout
// throws a TypeError, as a bug in a renderer would, so that an entry point's error boundary
// meets an unexpected error in the middle of its real work.
const write = process.stdout.write.bind(process.stdout);
let thrown = false;
process.stdout.write = (chunk, ...rest) => {
  if (!thrown && chunk && chunk.length > 0) {
    thrown = true;
    throw new TypeError("Cannot read properties of undefined (reading 'forced')");
  }
  return write(chunk, ...rest);
};
