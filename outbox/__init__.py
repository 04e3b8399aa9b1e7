"""Outgoing mail through the task queue: every mail the app sends (invitations, reminders, mentor
links, password resets, sign-up confirmations) is stored and handed to a task that delivers it,
with retries and back-off, so no web request waits on, or fails with, the mail server."""
