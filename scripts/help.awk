# The `help` target that many Makefiles carry as a one-liner (kubebuilder's
# scaffold made it common), as a peer of make-help in the benchmark: a line
# that starts with a name and a colon and holds `##` is shown as the name and
# the text after the `##`; a `##@ Title` line starts a section. It reads the
# lines of the files it is given and nothing else: no includes followed, no
# variables expanded, no conditionals, no continuation lines, no `define`.
BEGIN { FS = ":.*##" }
# For the benchmark: the files may be named in a file (`-v files=LIST`, one
# a line), as ten thousand of them do not fit on a command line.
BEGIN { if (files != "") { while ((getline f < files) > 0) ARGV[ARGC++] = f; close(files) } }
/^##@/ { printf "\n\033[1m%s\033[0m\n", substr($0, 5); next }
/^[a-zA-Z0-9_.\/-]+:.*##/ { printf "  \033[36m%-20s\033[0m %s\n", $1, $2 }
