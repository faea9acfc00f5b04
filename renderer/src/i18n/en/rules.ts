/** English texts of the "rules" namespace. Keys are grouped by where they appear. */
export default {} as const;
