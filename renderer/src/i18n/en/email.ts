/** English texts of the "email" namespace. Keys are grouped by where they appear. */
export default {} as const;
