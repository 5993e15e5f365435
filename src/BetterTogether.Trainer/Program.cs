Console.Error.WriteLine("bt-trainer: not implemented yet.");
return 2;
