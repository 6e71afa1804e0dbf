using BreachDesk;
using JasperFx;

// The JasperFx command line adds db-apply, db-assert, projections --rebuild and codegen write beside the plain run.
var app = BreachDeskApp.Create(args);
return await app.RunJasperFxCommands(args);
