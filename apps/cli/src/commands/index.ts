// Importing a command module registers it (see main.ts). Add one line per command.
import './status';
import './audit';
import './quote';
import './submit';
import './solverInit';
import './solverStart';
import './solverVouch';
import './auctions';
import './adminSlash';
