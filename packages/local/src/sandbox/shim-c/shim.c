/*
 * argo-ts container shim, C edition of shimMain (../shim.ts; same files, same
 * signals, same CRI log records). Node's own start-up costs tens to hundreds
 * of milliseconds per container; this costs about one fork. See
 * docs/decisions/0024-container-shims.md.
 *
 * usage: argo-ts-shim <dir>   (<dir>/spec: log path, then argv, NUL-separated;
 *        <dir>/env.args, if present, becomes the container's fd 3 and is removed)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RECORD (16 * 1024)

static int sigpipe_fds[2];
static const char *dir;
static pid_t child;

static void on_signal(int sig) {
  int saved = errno;
  unsigned char b = (unsigned char)sig;
  (void)!write(sigpipe_fds[1], &b, 1);
  errno = saved;
}

static void iso_now(char *out, size_t n, int nanos) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t k = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
  if (nanos) snprintf(out + k, n - k, ".%09ldZ", ts.tv_nsec);
  else snprintf(out + k, n - k, ".%03ldZ", ts.tv_nsec / 1000000);
}

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", *s);
    else fputc(*s, f);
  }
  fputc('"', f);
}

/* Writes <dir>/<name> atomically (temp file, then rename). */
static void write_record(const char *name, const char *json) {
  char tmp[4096], path[4096];
  snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  (void)!write(fd, json, strlen(json));
  close(fd);
  rename(tmp, path);
}

static void record_exit(const char *code, const char *signal, const char *error) {
  char at[64], buf[8192];
  iso_now(at, sizeof at, 0);
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  fprintf(f, "{\"code\":%s,\"signal\":%s", code, signal);
  if (error) {
    fputs(",\"error\":", f);
    json_string(f, error);
  }
  fprintf(f, ",\"finishedAt\":\"%s\"}", at);
  fclose(f);
  snprintf(buf, sizeof buf, "%s", mem);
  free(mem);
  write_record("exit.json", buf);
}

struct stream {
  int fd;
  const char *name;
  char buf[MAX_RECORD];
  size_t len;
};

static int log_fd;

static void emit(struct stream *s, const char *kind, const char *data, size_t n) {
  char ts[64];
  iso_now(ts, sizeof ts, 1);
  char head[128];
  int h = snprintf(head, sizeof head, "%s %s %s ", ts, s->name, kind);
  char *line = malloc(h + n + 1);
  memcpy(line, head, h);
  memcpy(line + h, data, n);
  line[h + n] = '\n';
  (void)!write(log_fd, line, h + n + 1);
  free(line);
}

/* Appends bytes read from the container; full lines become F records, over-long ones P records. */
static void feed(struct stream *s, const char *data, size_t n, int final) {
  for (size_t i = 0; i < n; i++) {
    if (data[i] == '\n') {
      emit(s, "F", s->buf, s->len);
      s->len = 0;
      continue;
    }
    if (s->len == MAX_RECORD) {
      emit(s, "P", s->buf, s->len);
      s->len = 0;
    }
    s->buf[s->len++] = data[i];
  }
  if (final && s->len) {
    emit(s, "F", s->buf, s->len);
    s->len = 0;
  }
}

/* The container's top processes inside the sandbox: the children of bwrap processes below our child. */
static void signal_inside(pid_t root, int sig, int include_bwrap) {
  enum { MAX = 65536 };
  static pid_t pids[MAX], parents[MAX];
  static char isbwrap[MAX];
  int n = 0;
  DIR *d = opendir("/proc");
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && n < MAX) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char path[300], stat[512];
    snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t k = read(fd, stat, sizeof stat - 1);
    close(fd);
    if (k <= 0) continue;
    stat[k] = 0;
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    if (!open_paren || !close_paren) continue;
    pids[n] = atoi(e->d_name);
    parents[n] = atoi(close_paren + 4);
    isbwrap[n] = (close_paren - open_paren - 1 == 5 && strncmp(open_paren + 1, "bwrap", 5) == 0);
    n++;
  }
  closedir(d);
  pid_t queue[256];
  int q = 0, found = 0;
  queue[q++] = root;
  while (q > 0) {
    pid_t p = queue[--q];
    for (int i = 0; i < n; i++) {
      if (parents[i] != p) continue;
      if (isbwrap[i]) {
        if (q < 256) queue[q++] = pids[i];
        if (include_bwrap) kill(pids[i], sig);
      } else {
        kill(pids[i], sig);
        found++;
      }
    }
  }
  if (!found && sig == SIGTERM) kill(root, SIGTERM);
}

static const char *signal_name(int sig) {
  switch (sig) {
    case SIGHUP: return "SIGHUP"; case SIGINT: return "SIGINT"; case SIGQUIT: return "SIGQUIT";
    case SIGABRT: return "SIGABRT"; case SIGKILL: return "SIGKILL"; case SIGSEGV: return "SIGSEGV";
    case SIGPIPE: return "SIGPIPE"; case SIGTERM: return "SIGTERM"; default: return NULL;
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s <dir>\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  signal(SIGHUP, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  char spec_path[4096];
  snprintf(spec_path, sizeof spec_path, "%s/spec", dir);
  int sfd = open(spec_path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (sfd < 0 || fstat(sfd, &st) < 0) {
    record_exit("128", "null", "cannot read the shim spec");
    return 1;
  }
  char *spec = malloc(st.st_size + 1);
  ssize_t got = read(sfd, spec, st.st_size);
  close(sfd);
  if (got != st.st_size) {
    record_exit("128", "null", "cannot read the shim spec");
    return 1;
  }
  spec[st.st_size] = 0;
  int nargs = 0;
  for (off_t i = 0; i < st.st_size; i++) if (spec[i] == 0) nargs++;
  char **args = calloc(nargs + 1, sizeof *args);
  char *p = spec;
  const char *log_path = p;
  p += strlen(p) + 1;
  int a = 0;
  while (p < spec + st.st_size) {
    args[a++] = p;
    p += strlen(p) + 1;
  }
  args[a] = NULL;
  log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0 || a == 0) {
    record_exit("128", "null", strerror(errno));
    return 1;
  }

  int out[2], err[2], ex[2];
  if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(ex, O_CLOEXEC) || pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK)) {
    record_exit("128", "null", strerror(errno));
    return 1;
  }
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigaction(SIGCHLD, &sa, NULL);

  char args_path[4096];
  snprintf(args_path, sizeof args_path, "%s/env.args", dir);
  int args_fd = open(args_path, O_RDONLY | O_CLOEXEC);

  child = fork();
  if (child == 0) {
    // Its own process group, so that SIGKILL reaches the whole sandbox and not the shim.
    setpgid(0, 0);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    // bwrap reads the env from fd 3 (`--args 3`); dup2 onto itself would keep O_CLOEXEC.
    if (args_fd == 3) fcntl(3, F_SETFD, 0);
    else if (args_fd >= 0) dup2(args_fd, 3);
    const char *path = getenv("PATH");
    clearenv();
    setenv("PATH", path ? path : "/usr/sbin:/usr/bin:/sbin:/bin", 1);
    execvp(args[0], args);
    int e = errno;
    (void)!write(ex[1], &e, sizeof e);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  close(ex[1]);
  // The child holds its own copy of the descriptor: the file can go now.
  if (args_fd >= 0) {
    close(args_fd);
    unlink(args_path);
  }
  int exec_errno = 0;
  if (child < 0 || read(ex[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
    if (child < 0) exec_errno = errno;
    if (child > 0) waitpid(child, NULL, 0);
    char msg[4200];
    const char *name = exec_errno == ENOENT ? "ENOENT" : exec_errno == EACCES ? "EACCES" : strerror(exec_errno);
    snprintf(msg, sizeof msg, "spawn %s %s", args[0], name);
    record_exit("127", "null", msg);
    return 0;
  }
  close(ex[0]);

  char at[64], started[256];
  iso_now(at, sizeof at, 0);
  snprintf(started, sizeof started, "{\"pid\":%d,\"containerPid\":%d,\"startedAt\":\"%s\"}", getpid(), child, at);
  write_record("shim.json", started);
  char said[64];
  int m = snprintf(said, sizeof said, "started %d\n", child);
  (void)!write(1, said, m);
  // The reader may be gone (a daemon that died): nothing else goes to stdout.
  int devnull = open("/dev/null", O_WRONLY);
  dup2(devnull, 1);
  close(devnull);

  static struct stream so = {.name = "stdout"}, se = {.name = "stderr"};
  so.fd = out[0];
  se.fd = err[0];
  int status = 0, reaped = 0;
  char buf[65536];
  while (so.fd >= 0 || se.fd >= 0 || !reaped) {
    struct pollfd fds[3] = {{sigpipe_fds[0], POLLIN, 0}, {so.fd, POLLIN, 0}, {se.fd, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0 && errno != EINTR) break;
    if (fds[0].revents & POLLIN) {
      unsigned char sig;
      while (read(sigpipe_fds[0], &sig, 1) == 1) {
        if (sig == SIGTERM) signal_inside(child, SIGTERM, 0);
        else if (sig == SIGUSR2) {
          // Killing bwrap ends the sandbox's pid namespace, and with it every process inside.
          signal_inside(child, SIGKILL, 0);
          kill(-child, SIGKILL);
        }
      }
    }
    if (!reaped && waitpid(child, &status, WNOHANG) == child) reaped = 1;
    struct stream *streams[2] = {&so, &se};
    for (int i = 0; i < 2; i++) {
      struct stream *s = streams[i];
      if (s->fd < 0 || !(fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t k = read(s->fd, buf, sizeof buf);
      if (k > 0) feed(s, buf, k, 0);
      else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
        feed(s, "", 0, 1);
        close(s->fd);
        s->fd = -1;
      }
    }
  }
  char code[16], sigjson[32];
  if (WIFSIGNALED(status)) {
    const char *name = signal_name(WTERMSIG(status));
    if (name) {
      snprintf(code, sizeof code, "null");
      snprintf(sigjson, sizeof sigjson, "\"%s\"", name);
    } else {
      snprintf(code, sizeof code, "%d", 128 + WTERMSIG(status));
      snprintf(sigjson, sizeof sigjson, "null");
    }
  } else {
    snprintf(code, sizeof code, "%d", WEXITSTATUS(status));
    snprintf(sigjson, sizeof sigjson, "null");
  }
  close(log_fd);
  record_exit(code, sigjson, NULL);
  return 0;
}
