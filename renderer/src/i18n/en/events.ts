/** English texts of the "events" namespace. Keys are grouped by where they appear. */
export default {} as const;
