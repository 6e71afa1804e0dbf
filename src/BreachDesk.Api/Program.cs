using BreachDesk;
using BreachDesk.Infrastructure.CommandLine;

// The JasperFx command line adds db-apply, db-assert, projections --rebuild and codegen write beside the plain run.
var app = BreachDeskApp.Create(args);
return await app.RunCommandLineAsync(args);
