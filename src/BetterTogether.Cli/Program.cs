using System.CommandLine;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
return root.Parse(args).Invoke();
