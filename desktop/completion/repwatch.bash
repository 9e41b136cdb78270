# bash completion for repwatch.  The words come from the program itself
# (`repwatch __complete`, made from its command table), so they follow
# the installed version; file names are bash's own completion.

_repwatch()
{
	local line=${COMP_LINE:0:COMP_POINT} cur=${COMP_WORDS[COMP_CWORD]}
	local -a words reply
	local i
	local IFS=$' \t\n'

	# split as the program sees its arguments: "--format=js" is one word
	read -r -a words <<<"$line"
	[[ $line == *[[:space:]] ]] && words+=("")
	IFS=$'\n' read -r -d '' -a reply < <("${words[0]}" __complete "${words[@]:1}" 2>/dev/null; printf '\0')
	# bash splits "--format=js" at "=": offer what follows it
	if [[ ${words[-1]} == *=* && $COMP_WORDBREAKS == *=* ]]; then
		for i in "${!reply[@]}"; do reply[i]=${reply[i]#*=}; done
		[[ $cur == = ]] && cur=""
	fi
	# a source's name may hold spaces: quoted as one word
	for i in "${!reply[@]}"; do
		[[ ${reply[i]} == *[[:space:]]* ]] && reply[i]=$(printf '%q' "${reply[i]}")
	done
	COMPREPLY=("${reply[@]}")
	[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace
	return 0
}
complete -o default -o bashdefault -F _repwatch repwatch
