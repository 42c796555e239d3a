/** Shell completion scripts generated from the command registry. */
export type CommandTree = Record<string, string[]>;

export function completionScript(shell: 'bash' | 'zsh', tree: CommandTree): string {
  const top = Object.keys(tree).sort().join(' ');
  const cases = Object.entries(tree)
    .filter(([, subs]) => subs.length > 0)
    .map(([name, subs]) => `    ${name}) words="${subs.join(' ')}" ;;`)
    .join('\n');
  const body = [
    '_argo_complete() {',
    '  local cur words',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    words="${top}"`,
    '  elif [ "$COMP_CWORD" -eq 2 ]; then',
    '    case "${COMP_WORDS[1]}" in',
    cases,
    '    *) COMPREPLY=($(compgen -f -- "$cur")); return ;;',
    '    esac',
    '  else',
    '    COMPREPLY=($(compgen -f -- "$cur")); return',
    '  fi',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
  ].join('\n');
  if (shell === 'bash') return `# argo bash completion: source <(argo completion bash)\n${body}\ncomplete -F _argo_complete argo\n`;
  return `#compdef argo\n# argo zsh completion: source <(argo completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${body}\ncomplete -F _argo_complete argo\n`;
}
