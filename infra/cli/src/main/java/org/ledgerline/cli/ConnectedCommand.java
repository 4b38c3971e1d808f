package org.ledgerline.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works through a {@link Connection} (a running platform, or offline its database) and prints its
 * answer to the command line's standard output.
 */
abstract class ConnectedCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    /** Where the command's answer goes (the tests capture it). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
