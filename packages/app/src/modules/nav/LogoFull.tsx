import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    color: '#ffffff',
    whiteSpace: 'nowrap',
  },
  title: { fontSize: 18, fontWeight: 700, lineHeight: 1.1, letterSpacing: 0.2 },
  subtitle: { fontSize: 11, opacity: 0.75, letterSpacing: 0.4 },
});

export const LogoFull = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <LogoIcon />
      <div>
        <div className={classes.title}>Platform Portal</div>
        <div className={classes.subtitle}>repos · clusters · docs</div>
      </div>
    </div>
  );
};
