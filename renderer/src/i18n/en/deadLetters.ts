/** English texts of the "deadLetters" namespace. Keys are grouped by where they appear. */
export default {} as const;
