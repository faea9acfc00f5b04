/** English texts of the "sandbox" namespace: the inbox views of the offline sandbox. */
export default {
  title: 'Sandbox',
  intro: 'What integrations in Capture or Chaos mode sent: emails, webhook requests and Jira issues, kept on this machine.',
};
