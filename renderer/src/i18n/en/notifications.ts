/** English texts of the "notifications" namespace. Keys are grouped by where they appear. */
export default {} as const;
