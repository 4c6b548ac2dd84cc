#include <string.h>

#include "nqpf/error.h"
#include "test.h"

/* Adding context to an error passes its own message (and file) back into
 * nqpf_fail: the result must be the context followed by the old text,
 * whatever the lengths (the message was printed into itself before). */
static void test_fail_with_own_message(void)
{
    nqpf_error e;
    nqpf_error_clear(&e);
    nqpf_fail(&e, NQPF_EMATH, NULL, 0, 2, "needs values > 0");
    nqpf_fail(&e, NQPF_EMATH, NULL, 0, 0, "%s weights of '%s': %s", "merec", "a", e.msg);
    CHECK(strcmp(e.msg, "merec weights of 'a': needs values > 0") == 0);
    CHECK(e.col == 0 && e.code == NQPF_EMATH);
    nqpf_fail(&e, NQPF_EINPUT, "data/x.csv", 3, 4, "bad");
    nqpf_fail(&e, NQPF_EIO, e.file, 0, 0, "%s (%s)", e.msg, e.file);
    CHECK(strcmp(e.file, "data/x.csv") == 0);
    CHECK(strcmp(e.msg, "bad (data/x.csv)") == 0);
    CHECK(e.line == 0 && e.col == 0);
}

/* A message longer than the buffer is cut, never overrun. */
static void test_fail_truncates(void)
{
    nqpf_error e;
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    nqpf_fail(&e, NQPF_EINPUT, NULL, 0, 0, "%s", big);
    CHECK(strlen(e.msg) == sizeof e.msg - 1);
}

int main(void)
{
    RUN(test_fail_with_own_message);
    RUN(test_fail_truncates);
    return test_done();
}
