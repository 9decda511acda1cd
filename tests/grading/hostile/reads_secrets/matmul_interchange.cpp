// Hostile case: tries to show a root-only file through the compiler's error
// messages (the grader compiles as an unprivileged user, so it cannot be read).
#include "/etc/shadow"
