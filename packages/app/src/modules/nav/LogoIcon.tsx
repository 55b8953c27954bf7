import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 30, height: 30, flexShrink: 0 },
});

/** The portal's mark: three stacked layers (repos, clusters, docs) on an orbit. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 64 64"
      role="img"
      aria-label="Platform Portal"
    >
      <circle
        cx="32"
        cy="32"
        r="29"
        fill="none"
        stroke="#7fd1ff"
        strokeWidth="3"
      />
      <path d="M32 12 52 22 32 32 12 22Z" fill="#ffffff" />
      <path d="M12 31 32 41 52 31 52 36 32 46 12 36Z" fill="#7fd1ff" />
      <path d="M12 41 32 51 52 41 52 46 32 56 12 46Z" fill="#3aa0e8" />
    </svg>
  );
};
