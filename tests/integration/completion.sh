#!/bin/sh
# SPDX-License-Identifier: MIT
# completion.sh - bash and zsh completion: the words come from the command
# table (repwatch __complete) and agree with each command's --help; the
# bash script completes commands, options and their values; the zsh script
# loads and completes through zsh's own completion system.
. "$(dirname "$0")/lib.sh"

C="$SRCDIR/desktop/completion"
cmds=$("$REPWATCH" __complete '')
contains "$cmds" "scan" "__complete offers the commands"
contains "$cmds" "help" "and help"
is "$(echo "$cmds" | grep -cv '^help$')" "$("$REPWATCH" --help | sed -n '/^Commands:/,/^$/p' | grep -c '^  [a-z]')" \
	"as many commands as --help lists"
lacks "$("$REPWATCH" --help)" "__complete" "__complete is hidden from --help"

# every option a command's --help names is offered, and nothing it does not
for cmd in $cmds; do
	[ "$cmd" = help ] && continue
	from_help=$("$REPWATCH" "$cmd" --help 2>&1 | grep -E '^ *usage:|^ +repwatch |^ +\[|^ +-' |
		grep -oE -- '--[a-z][a-z-]*' | sort -u)
	offered=$("$REPWATCH" __complete "$cmd" -- | sed 's/=$//' | grep -v '^--help$' | sort -u)
	missing=$(printf '%s\n' "$from_help" | grep -vxF -f "$(printf '%s\n' "$offered" >"$T/o"; echo "$T/o")" | grep . | tr '\n' ' ')
	extra=$(printf '%s\n' "$offered" | grep -vxF -f "$(printf '%s\n' "$from_help" >"$T/h"; echo "$T/h")" | grep . | tr '\n' ' ')
	is "$missing|$extra" "|" "$cmd: the completion offers the options of its --help (missing|extra)"
done
is "$("$REPWATCH" __complete list --format=t)" "--format=tsv" "an option's values after ="
is "$("$REPWATCH" __complete list --format j)" "json" "an option's values as the next word"
is "$("$REPWATCH" __complete db v)" "vacuum" "a command's keywords"
is "$("$REPWATCH" __complete help pa | tr '\n' ' ')" "parse parse-date " "help CMD completes a command"
is "$("$REPWATCH" __complete --c)" "--config=" "global options"
is "$("$REPWATCH" __complete -c /tmp/x.conf sca)" "scan" "after -c FILE, the commands"
is "$("$REPWATCH" __complete -c '')" "" "after -c, nothing: the shell completes a file name"

# sources rm and sources test: the configuration's source names
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\n'
	demo_sources "file://$T/demo"
} >"$CONF"
is "$("$REPWATCH" __complete sources rm '' | tr '\n' '|')" "Lyon Santé|Avis patients|Forum santé|" "sources rm: the source names"
is "$("$REPWATCH" __complete sources test Ly)" "Lyon Santé" "sources test: the names that start with the word"
printf '[practitioner]\nname = X\n[source Other]\nurl = file:///x\n' >"$T/other.conf"
is "$("$REPWATCH" __complete -c "$T/other.conf" sources rm '')" "Other" "from the configuration -c names"
is "$("$REPWATCH" __complete -c "$T/missing.conf" sources rm '' 2>&1)" "" "a missing configuration: nothing, and no message"

# bash: the script as bash-completion would load it
mkdir -p "$T/bin"
ln -s "$REPWATCH" "$T/bin/repwatch"
bash_complete() {   # bash_complete LINE: what the bash completion offers at the end of LINE
	PATH="$T/bin:$PATH" bash -c '
		. "$1"
		COMP_LINE=$2; COMP_POINT=${#COMP_LINE}
		read -r -a COMP_WORDS <<<"$COMP_LINE"
		[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		# bash splits at "=": "--format=t" is "--format" "=" "t"
		if [[ ${COMP_WORDS[COMP_CWORD]} == *=* ]]; then
			w=${COMP_WORDS[COMP_CWORD]}
			COMP_WORDS[COMP_CWORD]=${w%%=*}; COMP_WORDS+=("=" "${w#*=}")
			COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		fi
		compopt() { :; }
		complete -p repwatch >/dev/null || exit 1
		_repwatch
		printf "%s\n" "${COMPREPLY[@]}"' _ "$C/repwatch.bash" "$1"
}
is "$(bash_complete 'repwatch sca')" "scan" "bash: a command"
is "$(bash_complete 'repwatch scan --no')" "--notify" "bash: an option"
is "$(bash_complete 'repwatch list --format=t')" "tsv" "bash: a value after = (bash splits the word there)"
is "$(bash_complete 'repwatch sources ' | tr '\n' ' ')" "status ls suggest add rm test import export " "bash: sub-commands"
is "$(bash_complete 'repwatch sources rm Ly')" 'Lyon\ Santé' "bash: a source name with a space, quoted"

# zsh: the function as compinit would call it, with compadd and _files
# recorded (zsh's completion widgets need a terminal)
zsh_complete() {   # zsh_complete WORD...: what _repwatch adds for the last word
	PATH="$T/bin:$PATH" zsh -f -c '
		compadd() { local suffix=" "; while [[ $1 == -* && $1 != -- ]]; do
			[[ $1 == -S ]] && { suffix=$2; shift; }; shift; done; shift
			for w; do print -r -- "$w${suffix:-<nospace>}"; done; }
		_files() { print -r -- "<files>"; }
		source "$1" >/dev/null; shift   # its last line runs it once
		words=("$@"); CURRENT=$#
		_repwatch' _ "$C/_repwatch" "$@"
}
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$C/_repwatch"
	ok $? "zsh: _repwatch parses"
	is "$(zsh_complete repwatch sca)" "scan " "zsh: a command"
	is "$(zsh_complete repwatch list --form)" "--format=<nospace>" "zsh: an option that takes a value, no space after ="
	is "$(zsh_complete repwatch list --format=j)" "--format=json " "zsh: its values"
	is "$(zsh_complete repwatch -c '')" "<files>" "zsh: a file name where one is expected"
else
	skip "zsh completion" "zsh is not installed (tools/install-deps --tests)"
fi
done_testing
