"""What truly serves every app: Vietnamese text folding, permissions, jobs, notifications, audit."""
