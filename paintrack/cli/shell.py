r"""Shell completion through Typer/Click's own machinery, and `paintrack help COMMAND`.

`paintrack completion bash|zsh|fish` prints the script of Typer's completion class for that
shell; the shell then runs `_PAINTRACK_COMPLETE=complete_bash paintrack` (Typer's spelling;
Click's `bash_complete` and `bash_source` are accepted too) and Click completes commands and
options, and the values below through each option's `shell_complete`: codes from the field
declarations (red flags, side effects, techniques, kinds), and the names in the database
(medications, activities, courses), read without creating or changing the file.

Completion is inert (issue 20): a stored name is data, never shell code. Typer's own scripts
let the shell evaluate what paintrack prints (zsh `eval`s an `_arguments` spec; bash splits and
globs an unquoted `$( )`), so a medication named `$(touch pwned)` ran. Here each shell gets a
script that takes paintrack's answer as plain lines: bash reads them with `mapfile` and each is
written quoted for bash (`tylenol\ with\ codeine=`); zsh and fish pass them to `compadd` and
`complete`, which quote them for the command line themselves. A name with spaces completes as
one word; a stopped medication or activity is not offered.

Light on purpose: the option declarations of `log` refer to these functions, so importing this
module costs nothing; the work happens only when a shell asks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_PAINTRACK_COMPLETE"
Completer = Callable[[Any, str], list[str]]  # (ctx, incomplete): Typer's `autocompletion`


BASH_SCRIPT = r"""
%(complete_func)s() {
    local -a found
    mapfile -t found < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
        %(autocomplete_var)s=complete_bash %(prog_name)s 2>/dev/null)
    COMPREPLY=("${found[@]}")
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""
ZSH_SCRIPT = r"""
#compdef %(prog_name)s

%(complete_func)s() {
  local -a found joined spaced
  local f
  found=("${(@f)$(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" \
      %(autocomplete_var)s=complete_zsh %(prog_name)s 2>/dev/null)}")
  for f in "${found[@]}"; do
    [[ -z $f ]] && continue
    if [[ $f == *= ]]; then joined+=("$f"); else spaced+=("$f"); fi
  done
  (( ${#spaced} + ${#joined} )) || { _files; return }
  (( ${#spaced} )) && compadd -- "${spaced[@]}"
  (( ${#joined} )) && compadd -S '' -- "${joined[@]}"
}

compdef %(complete_func)s %(prog_name)s
"""
# fish runs the command substitution and takes each line as one candidate, never as code, and
# escapes the one chosen as it inserts it.
FISH_SCRIPT = (
    "complete --command %(prog_name)s --no-files --arguments "
    '"(env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args '
    '_TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s)" --condition '
    '"env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args '
    '_TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s"'
)
_BASH_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@+=,-")


def bash_word(value: str) -> str:
    """`value` as bash reads it back as one word: each character bash treats specially
    (space, quotes, `$`, backquote, `;`, `(`, `!`, `*`, …) behind a backslash."""
    return "".join(c if c in _BASH_PLAIN or ord(c) > 127 else "\\" + c for c in value)


def one_line(value: str) -> str:
    """A value a shell reads one per line: none holds a newline (names refuse control
    characters at entry), but one that did arrive is shown, never split."""
    return value.replace("\n", " ").replace("\r", " ").replace("\t", " ")


def _classes() -> None:
    """Register paintrack's own completion class for each shell (see the module's doc)."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    class Bash(BashComplete):
        source_template = BASH_SCRIPT

        def source(self) -> str:
            return self.source_template % self.source_vars()

        def format_completion(self, item: CompletionItem) -> str:
            return bash_word(one_line(str(item.value)))

    class Zsh(ZshComplete):
        source_template = ZSH_SCRIPT

        def format_completion(self, item: CompletionItem) -> str:
            return one_line(str(item.value))

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            items = self.get_completions(args, incomplete)
            return "\n".join(self.format_completion(i) for i in items)

    class Fish(FishComplete):
        source_template = FISH_SCRIPT

        def format_completion(self, item: CompletionItem) -> str:
            return one_line(str(item.value))

    for cls, name in ((Bash, "bash"), (Zsh, "zsh"), (Fish, "fish")):
        add_completion_class(cls, name)


def prepare() -> None:
    """Before a completion request: register the shell classes (the app is built with
    add_completion=False, so nothing else does), and accept Click's `bash_source` spelling."""
    from typer._completion_classes import completion_init

    completion_init()
    _classes()
    first, _, second = os.environ.get(COMPLETE_VAR, "").partition("_")
    if first in SHELLS and second in ("source", "complete"):
        os.environ[COMPLETE_VAR] = f"{second}_{first}"


def script(shell: str, app: Any) -> str:
    """The completion script Typer writes for `shell` and `app`, the Typer app (what
    `--show-completion` prints); the app is passed in, as cli.root imports this module."""
    from typer._click.shell_completion import get_completion_class
    from typer.main import get_command

    from paintrack.errors import InvalidValue

    name = shell.strip().lower()
    if name not in SHELLS:
        raise InvalidValue("SHELL", "one of " + ", ".join(SHELLS), shell)
    prepare()
    cls = get_completion_class(name)
    assert cls is not None, name
    return str(cls(get_command(app), {}, "paintrack", COMPLETE_VAR).source())


def completing() -> bool:
    """Whether a shell asked for completions. Only then are completers attached to options:
    Typer inspects each one as it builds the commands, a cost `paintrack log` would pay."""
    return bool(os.environ.get(COMPLETE_VAR))


def choices(values: Sequence[str]) -> Completer | None:
    """Completes one of `values` (codes of a field, chart names); after a comma, the next."""
    if not completing():
        return None

    def complete(ctx: Any, incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        prefix = done + "," if done else ""
        return [prefix + v for v in values if v.startswith(last.lower())]

    return complete


def names(table: str, suffix: str = "") -> Completer | None:
    """Completes the names stored in `table` (medications, activities, courses), + `suffix`
    (`ibuprofen=` for `--med NAME=COUNT`)."""
    if not completing():
        return None

    def complete(ctx: Any, incomplete: str) -> list[str]:
        found = _stored_names(ctx, table)
        low = incomplete.lower()
        return [n + suffix for n in found if n.lower().startswith(low)]

    return complete


def _stored_names(ctx: Any, table: str) -> list[str]:
    from paintrack import store

    root = ctx.find_root() if ctx is not None else None
    option = root.params.get("db") if root is not None else None
    try:
        path, _ = store.resolve_db_path(option)
    except Exception:  # a completion must never fail loudly
        return []
    return store.names_in(path, table)


def help_text(ctx: Any, words: Sequence[str]) -> str:
    """The --help text of `paintrack WORDS…` (the root's when WORDS is empty)."""
    from paintrack.errors import InvalidValue

    current = ctx.find_root()
    command = current.command
    for word in words:
        sub = getattr(command, "get_command", lambda c, w: None)(current, word)
        if sub is None:
            from paintrack.domain.values import did_you_mean

            names: list[str] = getattr(command, "list_commands", lambda c: [])(current)
            where = current.command_path
            near = did_you_mean(word, names)  # as `paintrack stauts` does
            allowed = f"a command of `{where}`{near or ': ' + ', '.join(names)}"
            raise InvalidValue("COMMAND", allowed, word)
        current = sub.make_context(word, [], parent=current, resilient_parsing=True)
        command = sub
    return str(command.get_help(current))
